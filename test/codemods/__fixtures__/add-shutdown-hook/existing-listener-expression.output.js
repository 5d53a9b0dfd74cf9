import { createPool } from 'mysql2/promise';

const db = createPool(process.env.DATABASE_URL);

process.on('SIGTERM', async () => {
  await db.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  const [rows] = await db.query('SELECT 1');
  return rows;
};
