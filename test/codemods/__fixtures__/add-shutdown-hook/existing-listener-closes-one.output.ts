import { Pool } from 'pg';
import Redis from 'ioredis';

const pool = new Pool();
const redis = new Redis();

process.once('SIGTERM', async () => {
  await redis.quit();
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { key: string }) => {
  const cached = await redis.get(event.key);
  if (cached) return JSON.parse(cached);
  const { rows } = await pool.query('select * from items where key = $1', [event.key]);
  await redis.set(event.key, JSON.stringify(rows));
  return rows;
};
