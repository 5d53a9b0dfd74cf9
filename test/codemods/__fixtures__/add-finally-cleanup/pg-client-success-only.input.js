const { Client } = require('pg');

exports.handler = async (event) => {
  const client = new Client();
  await client.connect();
  const res = await client.query('SELECT $1::text AS message', [event.message]);
  await client.end();
  return res.rows[0].message;
};
