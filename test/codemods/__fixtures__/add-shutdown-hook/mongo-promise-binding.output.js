import { MongoClient } from 'mongodb';
import Redis from 'ioredis';

const clientPromise = new MongoClient(process.env.MONGODB_URI).connect();
const redis = new Redis();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing clientPromise, redis');
  await Promise.allSettled([clientPromise.then((client) => client.close()), redis.quit()]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const client = await clientPromise;
  const doc = await client.db('app').collection('sessions').findOne({ _id: event.session });
  await redis.set(`session:${event.session}`, JSON.stringify(doc));
  return doc;
};
