import Redis from 'ioredis';

const redis = new Redis();

const exitNow = async (): Promise<void> => {
  await redis.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
};

process.on('SIGINT', exitNow).on('SIGTERM', exitNow);

export const handler = async (event: { key: string }) => redis.get(event.key);
