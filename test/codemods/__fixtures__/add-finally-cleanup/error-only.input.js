const { MongoClient } = require('mongodb');

exports.handler = async (event) => {
  const client = new MongoClient(process.env.MONGODB_URI);
  try {
    await client.connect();
    await client.db('app').collection('events').insertOne(event);
  } catch (error) {
    await client.close();
    throw error;
  }
  return { ok: true };
};
