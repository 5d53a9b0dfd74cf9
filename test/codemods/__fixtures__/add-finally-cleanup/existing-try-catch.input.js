import { createConnection } from 'mysql2/promise';

export const handler = async (event) => {
  const conn = await createConnection(process.env.DATABASE_URL);
  try {
    const [rows] = await conn.execute('SELECT * FROM users WHERE email = ?', [event.email]);
    return { statusCode: 200, body: JSON.stringify(rows) };
  } catch (err) {
    console.error(err);
    return { statusCode: 500, body: 'error' };
  }
};
