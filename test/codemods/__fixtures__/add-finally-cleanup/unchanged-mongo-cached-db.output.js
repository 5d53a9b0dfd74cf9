// The MongoDB Atlas "cachedDb" pattern: the client lives on through the cached Db handle; closing it per
// invocation would break every later invocation.
const { MongoClient } = require('mongodb');

let cachedDb = null;

async function connectToDatabase(uri) {
  if (cachedDb) return cachedDb;
  const client = await MongoClient.connect(uri);
  const db = client.db('sample_airbnb');
  cachedDb = db;
  return db;
}

exports.handler = async (event, context) => {
  context.callbackWaitsForEmptyEventLoop = false;
  const db = await connectToDatabase(process.env.MONGODB_URI);
  const listings = await db.collection('listingsAndReviews').find({}).limit(5).toArray();
  return { statusCode: 200, body: JSON.stringify(listings) };
};
