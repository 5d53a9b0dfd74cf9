import { Pool } from 'pg';

export const pool = new Pool();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => (await pool.query('select 1')).rows;
