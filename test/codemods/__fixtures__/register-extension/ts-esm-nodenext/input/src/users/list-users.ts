// Lists the users.
import { pool } from '../lib/db.js';

process.once('SIGTERM', () => {
  void pool.end().finally(() => process.exit(0));
});

export async function handler() {
  const { rows } = await pool.query('select * from users');
  return rows;
}
