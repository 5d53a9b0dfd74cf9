import { Pool } from 'pg';
import Redis from 'ioredis';

const pool = new Pool();
const redis = new Redis();

const shutdown = async (signal: string) => {
  console.info(`${signal} received`);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
};

['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, async () => {
  await Promise.allSettled([pool.end(), redis.quit()]);
  shutdown(signal);
}));

export const handler = async (event: { id: string }) => {
  await redis.set('last', event.id);
  return (await pool.query('select 1')).rows;
};
