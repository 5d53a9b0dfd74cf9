import { Pool } from 'pg';
import type { SQSHandler } from 'aws-lambda';

const pool = new Pool();

process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

export const handler: SQSHandler = async (event) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const record of event.Records) {
      const { from, to, amount } = JSON.parse(record.body);
      await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
};
