'use strict';

const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.exit(0);
});

exports.handler = async (event) => {
  const result = await pool.query('select now() as now');
  return { statusCode: 200, body: JSON.stringify(result.rows[0]) };
};
