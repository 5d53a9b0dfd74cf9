import { Database } from '@acme/db';

const db = new Database({ url: process.env.ACME_DB_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing db');
  await db.shutdown();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { id: string }) => db.get(event.id);
