const { Pool } = require('pg');

const pool = new Pool();

process.on('SIGTERM', async function onSigterm() { // graceful shutdown
  'use strict';
  await pool.end();
  // tell the log pipeline we are going away
  console.log('SIGTERM');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => (await pool.query('select 1')).rows;
