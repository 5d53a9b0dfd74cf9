import { Client } from 'pg';

export const handler = async (event: { sql: string }) => {
  const client = new Client();
  await client.connect();
  return client.query(event.sql);
};
