import { Pool } from 'pg';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';

const pool = new Pool({
  host: process.env.PGHOST,
  max: 1,
  idleTimeoutMillis: 120_000,
});

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const { rows } = await pool.query('select id, total from orders where id = $1', [event.pathParameters?.id]);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
