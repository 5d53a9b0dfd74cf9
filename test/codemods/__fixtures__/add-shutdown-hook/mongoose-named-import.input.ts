// The default connection is opened through a named import: the file binds no `mongoose` to call `disconnect()` on,
// so a listener cannot close it without a new import (whose named form Node's ESM loader may not find in mongoose's
// CommonJS exports). Left as it is, the finding with it.
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
