import http from 'node:http';
import Redis from 'ioredis';
import { app } from './app.mjs';

const client = new Redis(process.env.REDIS_URL);
const server = http.createServer(app).listen(process.env.PORT ?? 8080);

process.once('SIGTERM', async () => {
  console.log('SIGTERM received, shutting down');
  await Promise.allSettled([client.quit(), new Promise((resolve) => server.close(resolve))]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const cached = await client.get(event.key);
  return cached ?? null;
};
