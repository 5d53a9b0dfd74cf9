import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const started = Date.now();
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select * from jobs where id = $1', [event.id]);
    return rows;
  } finally {
    console.log(`took ${Date.now() - started} ms`);
  }
};
