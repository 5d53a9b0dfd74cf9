import { Client } from 'pg';

export const handler = async (event: { sql: string }) => {
  const client = new Client();
  try {
    await client.connect();
    return await client.query(event.sql);
  } finally {
    await client.end();
  }
};
