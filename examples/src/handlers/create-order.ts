/**
 * POST /orders
 *
 * Creates an order and its line items in one transaction and returns the new
 * order id. DATABASE_URL points at the RDS Proxy endpoint in every stage.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

// Created once per execution environment and reused by every invocation.
// max: 1 because an environment only ever serves one request at a time.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 1,
  idleTimeoutMillis: 120_000,
  ssl: process.env.PGSSLMODE === 'disable' ? false : { rejectUnauthorized: false },
});

interface OrderItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

interface CreateOrderRequest {
  customerId: string;
  currency?: string;
  items: OrderItem[];
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  let request: CreateOrderRequest;
  try {
    request = JSON.parse(event.body ?? '{}') as CreateOrderRequest;
  } catch {
    return json(400, { message: 'Request body must be valid JSON' });
  }
  if (!request.customerId || !Array.isArray(request.items) || request.items.length === 0) {
    return json(400, { message: 'customerId and at least one item are required' });
  }

  const orderId = randomUUID();
  const totalCents = request.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at)
       VALUES ($1, $2, 'PENDING', $3, $4, now())`,
      [orderId, request.customerId, totalCents, request.currency ?? 'USD'],
    );
    for (const item of request.items) {
      await client.query(
        `INSERT INTO order_items (order_id, sku, quantity, unit_price_cents)
         VALUES ($1, $2, $3, $4)`,
        [orderId, item.sku, item.quantity, item.unitPriceCents],
      );
    }
    await client.query('COMMIT');
    client.release();
  } catch (err) {
    await client.query('ROLLBACK');
    console.error('Failed to create order', { orderId, customerId: request.customerId, err });
    throw err;
  }

  console.info('Order created', { orderId, items: request.items.length, totalCents });
  return json(201, { orderId, status: 'PENDING', totalCents });
};

// Close the pool on Ctrl+C so `sam local start-api` does not leave
// connections open on the shared dev database.
process.on('SIGINT', async () => {
  await pool.end();
  process.exit(0);
});
