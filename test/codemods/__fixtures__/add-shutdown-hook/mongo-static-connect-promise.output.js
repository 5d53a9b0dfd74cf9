import { MongoClient } from 'mongodb';

// Start connecting during init; every invocation awaits the same promise.
const clientPromise = MongoClient.connect(process.env.MONGODB_URI);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing clientPromise');
  await (await clientPromise).close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const client = await clientPromise;
  return client.db('shop').collection('carts').findOne({ _id: event.cartId });
};
