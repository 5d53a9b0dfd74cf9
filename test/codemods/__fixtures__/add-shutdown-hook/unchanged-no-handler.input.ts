import { Pool } from 'pg';

// A shared library module: whoever imports the pool owns its shutdown.
const pool = new Pool();

export async function findUser(id: string) {
  const { rows } = await pool.query('select * from users where id = $1', [id]);
  return rows[0];
}
