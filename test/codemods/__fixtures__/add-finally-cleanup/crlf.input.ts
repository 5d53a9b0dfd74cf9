import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  await client.end();
  return rows;
};
