/**
 * Shared Postgres access for the orders functions.
 *
 * The pool is created lazily on first use so that functions which import this
 * module for a helper but never hit the database do not open a connection
 * during Init. One execution environment handles one request at a time, so a
 * single connection per environment is enough; RDS Proxy does the pooling
 * across environments.
 */
import { Pool, type PoolClient, type PoolConfig } from 'pg';

let pool: Pool | undefined;

export function poolConfig(): PoolConfig {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error('DATABASE_URL is not set');
  }
  return {
    connectionString,
    max: 1,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    ssl: process.env.PGSSLMODE === 'disable' ? false : { rejectUnauthorized: false },
    application_name: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'orders-service',
  };
}

export function getPool(): Pool {
  return (pool ??= new Pool(poolConfig()));
}

/** Run `fn` on a checked-out client and always hand the client back. */
export async function withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export async function closePool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.end();
}

// Hand the connection back to RDS Proxy when the environment is shut down.
process.on('SIGTERM', () => {
  pool?.end();
  process.exit(0);
});
