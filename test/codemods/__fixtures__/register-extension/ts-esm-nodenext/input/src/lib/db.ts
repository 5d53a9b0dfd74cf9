import { Pool } from 'pg';

export const pool = new Pool();

process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
