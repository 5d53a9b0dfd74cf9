import mysql from 'mysql2/promise';

export async function handler(event) {
  const connection = await mysql.createConnection({
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    database: 'shop',
  });
  const [rows] = await connection.execute('SELECT * FROM products WHERE id = ?', [event.id]);
  await connection.end();
  return rows[0];
}
