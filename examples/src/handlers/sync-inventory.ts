/**
 * SQS consumer: applies warehouse stock updates to the legacy inventory
 * database (MySQL 8 on RDS). Messages that fail validation are reported as
 * batch item failures so only they are retried.
 */
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import mysql from 'mysql2/promise';
import { writeFileSync } from 'node:fs';

const logger = new Logger({ serviceName: 'inventory-sync' });

// The batch being applied right now. If the environment is shut down in the
// middle of one, its message ids are written to /tmp so we can tell which
// batch was interrupted.
const CHECKPOINT_FILE = '/tmp/inventory-sync.checkpoint.json';
let inFlight: { messageIds: string[]; startedAt: string } | undefined;

function saveCheckpoint() {
  if (!inFlight) return;
  writeFileSync(CHECKPOINT_FILE, JSON.stringify(inFlight));
  logger.warn('Shutdown during a batch, checkpoint written', { file: CHECKPOINT_FILE, ...inFlight });
}

async function shutdown() {
  logger.info('SIGTERM received, shutting down');
  saveCheckpoint();
  // give the in-flight batch a second to commit before the environment goes away
  await new Promise((resolve) => setTimeout(resolve, 1000));
  process.exit(0);
}

process.on('SIGTERM', shutdown);

interface StockUpdate {
  sku: string;
  warehouseId: string;
  onHand: number;
  updatedAt: string;
}

const isStockUpdate = (value: any): value is StockUpdate =>
  typeof value?.sku === 'string' &&
  typeof value?.warehouseId === 'string' &&
  Number.isInteger(value?.onHand) &&
  !Number.isNaN(Date.parse(value?.updatedAt));

const lambdaHandler = async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  const updates: StockUpdate[] = [];

  for (const record of event.Records) {
    try {
      const body: unknown = JSON.parse(record.body);
      if (!isStockUpdate(body)) throw new Error('invalid stock update');
      updates.push(body);
    } catch (err) {
      logger.warn('Skipping malformed message', { messageId: record.messageId, error: err as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  if (updates.length === 0) {
    return { batchItemFailures };
  }

  try {
    // One connection per batch: the inventory DB has a low max_connections and
    // is not behind RDS Proxy, so we do not keep connections in idle environments.
    const conn = await mysql.createConnection({
      host: process.env.INVENTORY_DB_HOST,
      port: Number(process.env.INVENTORY_DB_PORT ?? '3306'),
      user: process.env.INVENTORY_DB_USER,
      password: process.env.INVENTORY_DB_PASSWORD,
      database: 'inventory',
      connectTimeout: 5_000,
    });

    inFlight = { messageIds: event.Records.map((r) => r.messageId), startedAt: new Date().toISOString() };
    await conn.beginTransaction();
    for (const update of updates) {
      await conn.execute(
        `INSERT INTO stock_levels (sku, warehouse_id, on_hand, updated_at)
         VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE
           on_hand = IF(VALUES(updated_at) > updated_at, VALUES(on_hand), on_hand),
           updated_at = GREATEST(updated_at, VALUES(updated_at))`,
        [update.sku, update.warehouseId, update.onHand, new Date(update.updatedAt)],
      );
    }
    await conn.commit();
    inFlight = undefined;
    await conn.end();

    logger.info('Stock levels updated', { applied: updates.length, rejected: batchItemFailures.length });
  } catch (err) {
    logger.error('Inventory sync failed, the whole batch will be retried', { error: err as Error });
    throw err;
  }

  return { batchItemFailures };
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { clearState: true }));
