const { Pool } = require('pg');
const Redis = require('ioredis');

const pool = new Pool();
const redis = new Redis();

async function shutdown(signal) {
  console.log(`${signal}: closing connections`);
  await Promise.allSettled([redis.quit(), pool.end()]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

exports.handler = async (event) => {
  await redis.incr(`hits:${event.path}`);
  return (await pool.query('select now()')).rows[0];
};
