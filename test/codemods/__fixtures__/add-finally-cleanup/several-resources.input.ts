import { Client } from 'pg';
import Redis from 'ioredis';

export const handler = async (event: { id: string }) => {
  const redis = new Redis(process.env.REDIS_URL!);
  const cached = await redis.get(event.id);
  if (cached) return JSON.parse(cached);
  const db = new Client();
  await db.connect();
  const { rows } = await db.query('select * from profiles where id = $1', [event.id]);
  await redis.set(event.id, JSON.stringify(rows), 'EX', 60);
  return rows;
};
