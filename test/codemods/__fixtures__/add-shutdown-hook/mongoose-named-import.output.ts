// The default connection is opened through a named import: the file binds no `mongoose` to call `disconnect()` on.
// The codemod adds the default import (mongoose's CommonJS exports are the singleton itself and name it `default`
// too, so it binds the same object under ESM, TypeScript's CommonJS output and bundlers) and closes through it.
import mongoose, { connect, set } from 'mongoose';

set('strictQuery', true);

const connectToDB = async () => {
  const connection = await connect(process.env.MONGO_URI!, { bufferCommands: false });
  return connection;
};

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing mongoose');
  await mongoose.disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  const db = await connectToDB();
  return { statusCode: 200, body: String(db.connection.readyState) };
};
