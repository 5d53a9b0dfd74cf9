import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: false });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing redis');
  await redis.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const count = await redis.incr(`visits:${event.rawPath}`);
  return { statusCode: 200, body: String(count) };
};
