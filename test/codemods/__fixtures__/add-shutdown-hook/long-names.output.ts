import { Pool } from 'pg';
import Redis from 'ioredis';

const ordersReadReplicaPool = new Pool({ host: process.env.READ_HOST });
const ordersPrimaryWriterPool = new Pool({ host: process.env.WRITE_HOST });
const sessionCacheRedisConnection = new Redis(process.env.SESSION_REDIS_URL!);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing ordersReadReplicaPool, ordersPrimaryWriterPool, sessionCacheRedisConnection');
  await Promise.allSettled([
    ordersReadReplicaPool.end(),
    ordersPrimaryWriterPool.end(),
    sessionCacheRedisConnection.quit()
  ]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { id: string }) => {
  const session = await sessionCacheRedisConnection.get(event.id);
  const { rows } = await ordersReadReplicaPool.query('select * from orders where session = $1', [session]);
  await ordersPrimaryWriterPool.query('update sessions set seen = now() where id = $1', [event.id]);
  return rows;
};
