'use strict';

const mysql = require('mysql2');

const pool = mysql.createPool({ host: process.env.DB_HOST, connectionLimit: 2 });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

module.exports.handler = (event, context, callback) => {
  pool.query('SELECT * FROM widgets', (error, rows) => {
    if (error) return callback(error);
    callback(null, { statusCode: 200, body: JSON.stringify(rows) });
  });
};
