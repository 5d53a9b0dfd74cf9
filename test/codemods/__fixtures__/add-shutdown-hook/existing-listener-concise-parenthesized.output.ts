import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);

process.once('SIGTERM', async () => {
  await mongo.close();
  (console.log('bye'), process.exit(0));
});

export const handler = async () => mongo.db('app').command({ ping: 1 });
