import { MongoClient } from 'mongodb';
import Redis from 'ioredis';

const clientPromise = new MongoClient(process.env.MONGODB_URI).connect();
const redis = new Redis();

export const handler = async (event) => {
  const client = await clientPromise;
  const doc = await client.db('app').collection('sessions').findOne({ _id: event.session });
  await redis.set(`session:${event.session}`, JSON.stringify(doc));
  return doc;
};
