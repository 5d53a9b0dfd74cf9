import { createPool } from 'mysql2/promise';

const db = createPool(process.env.DATABASE_URL);

process.on('SIGTERM', () => process.exit(0));

export const handler = async () => {
  const [rows] = await db.query('SELECT 1');
  return rows;
};
