import './lambda-shutdown-extension.mjs';
import pg from 'pg';

const pool = new pg.Pool();

process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

export async function handler(event) {
  return pool.query('select 1');
}
