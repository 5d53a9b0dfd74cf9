import { Pool } from 'pg';
import { queue } from './queue-client.js';

const pool = new Pool();

process.on('SIGTERM', () => {
  queue.close();
  pool.end();
  process.exit(0);
});

export const handler = async (event) => {
  await queue.send(event);
  return (await pool.query('select 1')).rows;
};
