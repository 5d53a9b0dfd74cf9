import { Client } from 'pg';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    const { rows } = await client.query('select * from orders where customer = $1', [event.pathParameters?.customer]);
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    await client.end();
  }
};
