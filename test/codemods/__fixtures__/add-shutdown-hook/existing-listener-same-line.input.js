import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL);

process.on('SIGTERM', () => { process.exit(0) });

export const handler = async (event) => client.db('app').collection('logs').insertOne(event);
