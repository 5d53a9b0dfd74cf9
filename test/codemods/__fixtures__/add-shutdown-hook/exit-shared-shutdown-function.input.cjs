'use strict'
// Shared shutdown for SIGTERM (Lambda) and SIGINT (local runs), no semicolons
const { Pool } = require('pg')

const pool = new Pool()

async function shutdown(signal) {
  console.log(`${signal}: closing the pool`)
  const timer = setTimeout(() => process.exit(1), 400)
  timer.unref()
  try {
    await pool.end()
  } catch (err) {
    console.error(err)
    if (err.code !== 'ECONNRESET') process.exit(1)
  }
  process.exit(0)
}

process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

exports.handler = async () => (await pool.query('select now()')).rows
