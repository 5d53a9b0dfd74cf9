// The default connection is opened through a named import: the file binds no `mongoose` to call `disconnect()` on.
// The codemod adds the default import (mongoose's CommonJS exports are the singleton itself and name it `default`
// too, so it binds the same object under ESM, TypeScript's CommonJS output and bundlers) and closes through it.
import { connect, set } from 'mongoose';

set('strictQuery', true);

const connectToDB = async () => {
  const connection = await connect(process.env.MONGO_URI!, { bufferCommands: false });
  return connection;
};

export const handler = async () => {
  const db = await connectToDB();
  return { statusCode: 200, body: String(db.connection.readyState) };
};
