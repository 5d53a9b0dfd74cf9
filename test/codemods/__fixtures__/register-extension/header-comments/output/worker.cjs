/* eslint-disable no-console */
// Worker for the queue.
'use strict';
require('./lambda-shutdown-extension.cjs');

const { Pool } = require('pg');

const pool = new Pool();

process.on('SIGTERM', () => {
  pool.end().then(() => process.exit(0));
});

module.exports.handler = async (event) => {
  console.log(event);
};
