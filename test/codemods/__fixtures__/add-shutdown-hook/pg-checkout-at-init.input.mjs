import pg from 'pg';

const pool = new pg.Pool({ max: 2 });
const listener = await pool.connect();
await listener.query('LISTEN cache_invalidation');

export const handler = async (event) => {
  const { rows } = await pool.query('select * from cache where key = $1', [event.key]);
  return rows[0];
};
