import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    await client.end();
  }
};
