const Redis = require('ioredis');

const redis = new Redis();

process.once('SIGTERM', async () => {
  await redis.quit();
  console.info('shutting down');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

module.exports.handler = async (event) => {
  await redis.lpush('events', JSON.stringify(event));
  return { ok: true };
};
