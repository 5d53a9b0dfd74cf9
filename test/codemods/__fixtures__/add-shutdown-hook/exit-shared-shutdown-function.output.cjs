'use strict'
// Shared shutdown for SIGTERM (Lambda) and SIGINT (local runs), no semicolons
const { Pool } = require('pg')

const pool = new Pool()

async function shutdown(signal) {
  console.log(`${signal}: closing the pool`)
  const timer = setTimeout(() => process.kill(process.pid, 'SIGKILL'), 400)
  timer.unref()
  try {
    await pool.end()
  } catch (err) {
    console.error(err)
    if (err.code !== 'ECONNRESET') { process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM') }
  }
  process.removeAllListeners('SIGTERM')
  process.kill(process.pid, 'SIGTERM')
}

process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

exports.handler = async () => (await pool.query('select now()')).rows
