import { renderToString } from 'react-dom/server';
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL);

const Counter = ({ n }) => <strong>{n}</strong>;

export default async function handler(event, context) {
  const n = await redis.incr('views');
  return { statusCode: 200, body: renderToString(<Counter n={n} />) };
}
