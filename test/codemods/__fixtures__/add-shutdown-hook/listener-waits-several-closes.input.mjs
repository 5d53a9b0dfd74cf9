import http from 'node:http';
import Redis from 'ioredis';
import { app } from './app.mjs';

const client = new Redis(process.env.REDIS_URL);
const server = http.createServer(app).listen(process.env.PORT ?? 8080);

process.once('SIGTERM', () => {
  console.log('SIGTERM received, shutting down');
  client.quit();
  server.close();
  process.exit(0);
});

export const handler = async (event) => {
  const cached = await client.get(event.key);
  return cached ?? null;
};
