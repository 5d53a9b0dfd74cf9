import mysql = require('mysql2/promise');

async function handler(event: { id: number }) {
  const conn = await mysql.createConnection(process.env.DATABASE_URL!);
  const [rows] = await conn.query('SELECT * FROM jobs WHERE id = ?', [event.id]);
  return rows;
}

export = { handler };
