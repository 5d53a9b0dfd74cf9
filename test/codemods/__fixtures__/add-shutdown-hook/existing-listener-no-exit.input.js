const Redis = require('ioredis');

const redis = new Redis();

process.once('SIGTERM', async () => {
  console.info('shutting down');
});

module.exports.handler = async (event) => {
  await redis.lpush('events', JSON.stringify(event));
  return { ok: true };
};
