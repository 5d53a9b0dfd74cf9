const { Client } = require('pg');

exports.handler = (event, context, callback) => {
  const client = new Client();
  client.connect();
  client.query('select now()', (err, res) => {
    callback(err, res && res.rows[0]);
  });
};
