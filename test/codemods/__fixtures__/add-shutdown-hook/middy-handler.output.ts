import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpErrorHandler from '@middy/http-error-handler';
import { Pool } from 'pg';
import type { APIGatewayProxyEvent } from 'aws-lambda';

const pool = new Pool();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

const baseHandler = async (event: APIGatewayProxyEvent & { body: { name: string } }) => {
  const { rows } = await pool.query('insert into customers(name) values ($1) returning id', [event.body.name]);
  return { statusCode: 201, body: JSON.stringify(rows[0]) };
};

export const handler = middy(baseHandler).use(httpJsonBodyParser()).use(httpErrorHandler());
