import mysql = require('mysql2/promise');

async function handler(event: { id: number }) {
  const conn = await mysql.createConnection(process.env.DATABASE_URL!);
  try {
    const [rows] = await conn.query('SELECT * FROM jobs WHERE id = ?', [event.id]);
    return rows;
  } finally {
    await conn.end();
  }
}

export = { handler };
