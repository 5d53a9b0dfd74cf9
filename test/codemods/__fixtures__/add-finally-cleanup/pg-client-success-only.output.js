const { Client } = require('pg');

exports.handler = async (event) => {
  const client = new Client();
  try {
    await client.connect();
    const res = await client.query('SELECT $1::text AS message', [event.message]);
    return res.rows[0].message;
  } finally {
    await client.end();
  }
};
