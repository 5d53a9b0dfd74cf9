import mysql from 'mysql2/promise';

export const handler = async (event: { id: number }) => {
  await using connection = await mysql.createConnection(process.env.DATABASE_URL!);
  const [rows] = await connection.query('SELECT * FROM tickets WHERE id = ?', [event.id]);
  return rows;
};
