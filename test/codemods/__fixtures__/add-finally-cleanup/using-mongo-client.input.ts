import { MongoClient } from 'mongodb';

export const handler = async (event: { email: string }) => {
  const client = new MongoClient(process.env.MONGODB_URI!);
  await client.connect();
  return client.db('crm').collection('contacts').findOne({ email: event.email });
};
