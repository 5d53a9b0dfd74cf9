import { Pool } from 'pg';

const pool = new Pool();

process.on('SIGTERM', async () => {
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => (await pool.query('select 1')).rows;
