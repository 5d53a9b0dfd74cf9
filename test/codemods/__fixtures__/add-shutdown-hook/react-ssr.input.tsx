import { renderToString } from 'react-dom/server';
import { Pool } from 'pg';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';

const pool = new Pool();

function Page({ items }: { items: string[] }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export const handler: APIGatewayProxyHandlerV2 = async () => {
  const { rows } = await pool.query<{ name: string }>('select name from items');
  return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: renderToString(<Page items={rows.map((r) => r.name)} />) };
};
