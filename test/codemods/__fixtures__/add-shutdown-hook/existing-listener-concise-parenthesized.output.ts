import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);

process.once('SIGTERM', async () => {
  await mongo.close();
  (console.log('bye'), process.removeAllListeners('SIGTERM'), process.kill(process.pid, 'SIGTERM'));
});

export const handler = async () => mongo.db('app').command({ ping: 1 });
