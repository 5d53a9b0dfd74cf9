const Redis = require('ioredis');

const redis = new Redis();

process.once('SIGTERM', async () => {
  await redis.quit();
  console.info('shutting down');
  process.exit(0);
});

module.exports.handler = async (event) => {
  await redis.lpush('events', JSON.stringify(event));
  return { ok: true };
};
