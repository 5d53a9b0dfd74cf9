import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  try {
    return (await client.query('select 1')).rows;
  } finally {
    await client.end();
  }
};
