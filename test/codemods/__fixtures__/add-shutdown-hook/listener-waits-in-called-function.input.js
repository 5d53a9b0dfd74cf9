const { Pool } = require('pg');
const Redis = require('ioredis');

const pool = new Pool();
const redis = new Redis();

function shutdown(signal) {
  console.log(`${signal}: closing connections`);
  void redis.quit();
  pool.end();
  process.exit(0);
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

exports.handler = async (event) => {
  await redis.incr(`hits:${event.path}`);
  return (await pool.query('select now()')).rows[0];
};
