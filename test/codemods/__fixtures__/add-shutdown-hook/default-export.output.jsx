import { renderToString } from 'react-dom/server';
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing redis');
  await redis.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

const Counter = ({ n }) => <strong>{n}</strong>;

export default async function handler(event, context) {
  const n = await redis.incr('views');
  return { statusCode: 200, body: renderToString(<Counter n={n} />) };
}
