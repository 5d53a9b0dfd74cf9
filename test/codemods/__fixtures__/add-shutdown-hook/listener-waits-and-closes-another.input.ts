import { Pool } from 'pg';
import Redis from 'ioredis';

const pool = new Pool();
const redis = new Redis();

process.on('SIGTERM', () => {
  redis.quit();
  process.exit(0);
});

export const handler = async () => {
  await redis.ping();
  return (await pool.query('select 1')).rows;
};
