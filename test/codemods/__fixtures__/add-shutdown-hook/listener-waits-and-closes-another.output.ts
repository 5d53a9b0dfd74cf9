import { Pool } from 'pg';
import Redis from 'ioredis';

const pool = new Pool();
const redis = new Redis();

process.on('SIGTERM', async () => {
  await pool.end();
  await redis.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  await redis.ping();
  return (await pool.query('select 1')).rows;
};
