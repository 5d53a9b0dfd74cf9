'use strict';

const mysql = require('mysql2');

const pool = mysql.createPool({ host: process.env.DB_HOST, connectionLimit: 2 });

module.exports.handler = (event, context, callback) => {
  pool.query('SELECT * FROM widgets', (error, rows) => {
    if (error) return callback(error);
    callback(null, { statusCode: 200, body: JSON.stringify(rows) });
  });
};
