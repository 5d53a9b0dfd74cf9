import { MongoClient } from 'mongodb';

// Start connecting during init; every invocation awaits the same promise.
const clientPromise = MongoClient.connect(process.env.MONGODB_URI);

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing clientPromise');
  await (await clientPromise).close();
  process.exit(0);
});

export const handler = async (event) => {
  const client = await clientPromise;
  return client.db('shop').collection('carts').findOne({ _id: event.cartId });
};
