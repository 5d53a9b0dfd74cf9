const { MongoClient } = require('mongodb');

let cachedClient = null;

async function connect() {
  if (cachedClient) return cachedClient;
  const client = await MongoClient.connect(process.env.MONGODB_URI);
  cachedClient = client;
  return client;
}

exports.handler = async () => {
  const client = await connect();
  return client.db('app').collection('items').countDocuments();
};
