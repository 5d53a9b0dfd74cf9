import '../lambda-shutdown-extension.js';
import { createClient } from 'redis';

const redis = createClient();

process.on('SIGTERM', async () => {
  await redis.quit();
  process.exit(0);
});

export const handler = async () => redis.get('y');
