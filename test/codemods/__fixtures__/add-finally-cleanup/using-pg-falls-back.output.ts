import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select now()');
    return rows[0];
  } finally {
    await client.end();
  }
};
