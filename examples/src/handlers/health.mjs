/**
 * GET /health
 *
 * Dependency check used by the API health route and the synthetic canary:
 * opens a fresh Postgres connection and a TCP probe to Redis, and closes both
 * before answering, whatever happened.
 */
import { once } from 'node:events';
import net from 'node:net';
import pg from 'pg';

const PROBE_TIMEOUT_MS = Number(process.env.HEALTH_PROBE_TIMEOUT_MS ?? '2000');

async function checkDatabase() {
  const started = Date.now();
  const client = new pg.Client({
    connectionString: process.env.DATABASE_URL,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    statement_timeout: PROBE_TIMEOUT_MS,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, error: err.message };
  } finally {
    await client.end();
  }
}

async function checkRedis() {
  const started = Date.now();
  const { hostname, port } = new URL(process.env.REDIS_URL ?? 'redis://localhost:6379');
  const socket = net.connect({ host: hostname, port: Number(port || 6379) });
  try {
    await once(socket, 'connect', { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, error: err.message };
  } finally {
    socket.destroy();
  }
}

export async function handler() {
  const [database, redis] = await Promise.all([checkDatabase(), checkRedis()]);
  const healthy = database.ok && redis.ok;
  if (!healthy) {
    console.warn('Health check failed', { database, redis });
  }
  return {
    statusCode: healthy ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({
      status: healthy ? 'ok' : 'degraded',
      version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      checks: { database, redis },
    }),
  };
}
