import { Pool } from 'pg';

const pool = new Pool({ max: 2 });

process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

export async function handler(event: { sku: string; qty: number }) {
  const client = await pool.connect();
  const { rows } = await client.query('update stock set qty = qty - $2 where sku = $1 returning qty', [event.sku, event.qty]);
  client.release();
  return rows[0];
}
