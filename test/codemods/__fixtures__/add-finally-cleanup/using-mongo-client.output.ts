import { MongoClient } from 'mongodb';

export const handler = async (event: { email: string }) => {
  await using client = new MongoClient(process.env.MONGODB_URI!);
  await client.connect();
  return await client.db('crm').collection('contacts').findOne({ email: event.email });
};
