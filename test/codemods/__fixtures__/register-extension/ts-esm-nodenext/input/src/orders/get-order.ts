import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { rows } = await pool.query('select * from orders where id = $1', [event.pathParameters?.id]);
  return { statusCode: 200, body: JSON.stringify(rows[0]) };
};
