import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { Client } from 'pg';
import type { APIGatewayProxyEvent } from 'aws-lambda';

const lambdaHandler = async (event: APIGatewayProxyEvent) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from products where slug = $1', [event.pathParameters?.slug]);
  await client.end();
  return { statusCode: 200, body: JSON.stringify(rows[0] ?? null) };
};

export const handler = middy(lambdaHandler).use(httpErrorHandler());
