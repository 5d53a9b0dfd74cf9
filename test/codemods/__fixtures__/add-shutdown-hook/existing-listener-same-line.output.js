import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL);

process.on('SIGTERM', async () => { await client.close(); process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM') });

export const handler = async (event) => client.db('app').collection('logs').insertOne(event);
