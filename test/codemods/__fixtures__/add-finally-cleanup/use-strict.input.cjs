'use strict';

const mysql = require('mysql2/promise');

module.exports.handler = async function handler(event) {
  const conn = await mysql.createConnection({ host: process.env.DB_HOST, user: 'app' });
  const [result] = await conn.execute('UPDATE counters SET n = n + 1 WHERE name = ?', [event.name]);
  return result.affectedRows;
};
