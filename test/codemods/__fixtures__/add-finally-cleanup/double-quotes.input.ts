import { MongoClient } from "mongodb";

export const handler = async (event: { tenant: string }) => {
  const client = await MongoClient.connect(process.env.MONGODB_URI ?? "mongodb://localhost");
  const count = await client.db(event.tenant).collection("users").countDocuments();
  return { statusCode: 200, body: JSON.stringify({ count }) };
};
