import { createClient } from 'redis';
import knex from 'knex';

const redis = createClient({ url: process.env.REDIS_URL });
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

process.on('SIGTERM', () => {
  redis.quit();
  db.destroy();
  process.exit(0);
});

export const handler = async () => {
  await redis.connect();
  return db('orders').count();
};
