import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: false });

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing redis');
  await redis.quit();
  process.exit(0);
});

export const handler = async (event) => {
  const count = await redis.incr(`visits:${event.rawPath}`);
  return { statusCode: 200, body: String(count) };
};
