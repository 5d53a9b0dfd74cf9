import pg from 'pg';

const pool = new pg.Pool({ max: 2 });
const listener = await pool.connect();
await listener.query('LISTEN cache_invalidation');

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing listener, pool');
  await Promise.allSettled([listener.release(), pool.end()]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const { rows } = await pool.query('select * from cache where key = $1', [event.key]);
  return rows[0];
};
