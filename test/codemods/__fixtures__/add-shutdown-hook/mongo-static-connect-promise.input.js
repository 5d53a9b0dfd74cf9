import { MongoClient } from 'mongodb';

// Start connecting during init; every invocation awaits the same promise.
const clientPromise = MongoClient.connect(process.env.MONGODB_URI);

export const handler = async (event) => {
  const client = await clientPromise;
  return client.db('shop').collection('carts').findOne({ _id: event.cartId });
};
