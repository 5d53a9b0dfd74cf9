import { Client } from 'pg';

export const handler = async (event) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from prices where sku = $1', [event.sku]);
  await client.end();
  const total = rows.reduce((sum, row) => sum + row.price, 0);
  const body = JSON.stringify({ total });
  return { statusCode: 200, body };
};
