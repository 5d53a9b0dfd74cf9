const { MongoClient } = require('mongodb');

const MONGODB_URI = process.env.MONGODB_URI;

// Cache the client across invocations of the same execution environment.
let cachedClient = null;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing cachedClient');
  await cachedClient?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

async function connectToDatabase() {
  if (cachedClient) {
    return cachedClient;
  }
  const client = await MongoClient.connect(MONGODB_URI);
  cachedClient = client;
  return client;
}

exports.handler = async (event) => {
  const client = await connectToDatabase();
  const movies = await client.db('sample_mflix').collection('movies').find({ year: Number(event.year) }).limit(10).toArray();
  return { statusCode: 200, body: JSON.stringify(movies) };
};
