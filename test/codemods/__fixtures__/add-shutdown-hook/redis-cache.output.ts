import { createClient } from 'redis';
import type { APIGatewayProxyHandler } from 'aws-lambda';

type RedisClient = ReturnType<typeof createClient>;

let client: RedisClient | undefined;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client?.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

async function getClient(): Promise<RedisClient> {
  if (!client) {
    client = createClient({ url: process.env.REDIS_URL });
    await client.connect();
  }
  return client;
}

export const handler: APIGatewayProxyHandler = async (event) => {
  const redis = await getClient();
  const cached = await redis.get(`page:${event.path}`);
  if (cached) return { statusCode: 200, body: cached };
  const body = JSON.stringify({ path: event.path, at: Date.now() });
  await redis.set(`page:${event.path}`, body, { EX: 60 });
  return { statusCode: 200, body };
};
