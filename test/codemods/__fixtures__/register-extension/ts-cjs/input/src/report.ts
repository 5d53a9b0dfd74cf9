import { Handler } from 'aws-lambda';
import Redis from 'ioredis';

const redis = new Redis();

process.on('SIGTERM', async () => {
  await redis.quit();
  process.exit(0);
});

export const handler: Handler = async () => {
  return redis.get('report');
};
