import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: false });

export const handler = async (event) => {
  const count = await redis.incr(`visits:${event.rawPath}`);
  return { statusCode: 200, body: String(count) };
};
