import { renderToString } from 'react-dom/server';
import { Pool } from 'pg';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';

const pool = new Pool();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

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
