/**
 * GET /orders/{orderId}
 *
 * Read-through cache: ElastiCache (Redis) first, then Postgres. Orders are
 * cached for CACHE_TTL_SECONDS; create-order does not invalidate, the TTL is
 * short enough for the order status page.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import Redis from 'ioredis';
import pg from 'pg';

const logger = new Logger({ serviceName: 'orders' });
const CACHE_TTL_SECONDS = Number(process.env.CACHE_TTL_SECONDS ?? '60');

const redis = new Redis(process.env.REDIS_URL!, {
  maxRetriesPerRequest: 2,
  connectTimeout: 2_000,
  enableAutoPipelining: true,
});

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 1,
  idleTimeoutMillis: 60_000,
});

// Graceful shutdown: give the connection back to RDS Proxy before Lambda
// freezes the environment for good.
process.once('SIGTERM', async () => {
  logger.info('SIGTERM received, closing the database pool');
  await pool.end();
  process.exit(0);
});

const respond = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  body: JSON.stringify(body),
});

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const orderId = event.pathParameters?.orderId;
  if (!orderId) {
    return respond(400, { message: 'orderId is required' });
  }
  const cacheKey = `order:${orderId}`;

  try {
    const cached = await redis.get(cacheKey);
    if (cached) {
      logger.debug('Cache hit', { orderId });
      return respond(200, JSON.parse(cached));
    }

    const { rows } = await pool.query(
      `SELECT o.id, o.customer_id, o.status, o.total_cents, o.currency, o.created_at,
              COALESCE(json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity))
                       FILTER (WHERE i.sku IS NOT NULL), '[]') AS items
         FROM orders o
         LEFT JOIN order_items i ON i.order_id = o.id
        WHERE o.id = $1
        GROUP BY o.id`,
      [orderId],
    );
    if (rows.length === 0) {
      return respond(404, { message: `Order ${orderId} not found` });
    }

    const order = rows[0];
    await redis.set(cacheKey, JSON.stringify(order), 'EX', CACHE_TTL_SECONDS);
    return respond(200, order);
  } catch (err) {
    logger.error('Failed to load order', { orderId, error: err as Error });
    throw err;
  }
};
