import { Client } from 'pg';

export const handler = async (event: { id?: string }) => {
  const client = new Client();
  await client.connect();
  if (!event.id) {
    return { statusCode: 400, body: 'missing id' };
  }
  const { rows } = await client.query('select * from items where id = $1', [event.id]);
  await client.end();
  return { statusCode: 200, body: JSON.stringify(rows) };
};
