'use strict';
require('./lambda-shutdown-extension');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

exports.handler = async (event) => {
  const [rows] = await pool.query('select 1');
  return rows;
};
