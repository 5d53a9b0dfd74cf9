import { Pool } from 'pg';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import type { SQSHandler } from 'aws-lambda';

const pool = new Pool();
const redis = new Redis(process.env.REDIS_URL!);
const mongo = new MongoClient(process.env.MONGO_URL!);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool, redis, mongo');
  await Promise.allSettled([pool.end(), redis.quit(), mongo.close()]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body) as { id: string };
    await pool.query('insert into processed(id) values ($1)', [order.id]);
    await redis.del(`order:${order.id}`);
    await mongo.db('audit').collection('events').insertOne({ order: order.id, at: new Date() });
  }
};
