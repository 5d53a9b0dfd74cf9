/**
 * SQS consumer: sends order status e-mails through the internal mail relay.
 *
 * The relay speaks a small line protocol on SMTP_RELAY_PORT: one JSON message
 * per line, answered by "250 <id>" or "5xx <reason>".
 */
import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { once } from 'node:events';
import net from 'node:net';
import { getPool } from '../lib/db.js';

const logger = new Logger({ serviceName: 'order-notifications' });

const RELAY_HOST = process.env.SMTP_RELAY_HOST ?? 'localhost';
const RELAY_PORT = Number(process.env.SMTP_RELAY_PORT ?? '2525');
const MAIL_FROM = process.env.MAIL_FROM ?? 'orders@example.com';

interface OrderStatusChanged {
  orderId: string;
  customerId: string;
  status: 'PENDING' | 'PAID' | 'SHIPPED' | 'CANCELLED';
}

class Lambda implements LambdaInterface {
  private async lookupEmail(customerId: string): Promise<string | undefined> {
    const client = await getPool().connect();
    try {
      const { rows } = await client.query<{ email: string }>(
        'SELECT email FROM customers WHERE id = $1 AND email_opt_out = false',
        [customerId],
      );
      return rows[0]?.email;
    } finally {
      client.release();
    }
  }

  public async handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    logger.addContext(context);
    const failures: SQSBatchResponse['batchItemFailures'] = [];

    const relay = net.connect({ host: RELAY_HOST, port: RELAY_PORT });
    // don't leave the relay connection hanging if Lambda shuts us down
    process.once('SIGTERM', () => relay.destroy());
    relay.setEncoding('utf8');
    await once(relay, 'connect');

    for (const record of event.Records) {
      try {
        const change = JSON.parse(record.body) as OrderStatusChanged;
        const to = await this.lookupEmail(change.customerId);
        if (!to) continue;

        relay.write(
          `${JSON.stringify({
            from: MAIL_FROM,
            to,
            subject: `Your order ${change.orderId} is ${change.status.toLowerCase()}`,
            template: 'order-status',
            data: change,
          })}\n`,
        );
        const [reply] = (await once(relay, 'data')) as [string];
        if (!reply.startsWith('250')) throw new Error(`relay rejected message: ${reply.trim()}`);
      } catch (err) {
        logger.error('Notification failed', { messageId: record.messageId, error: err as Error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }

    return { batchItemFailures: failures };
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
