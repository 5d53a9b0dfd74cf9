import { renderToStaticMarkup } from 'react-dom/server';
import { Client } from 'pg';

function Receipt({ total }: { total: number }) {
  return <p>Your total is {total}</p>;
}

export const handler = async (event: { orderId: string }) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query<{ total: number }>('select total from orders where id = $1', [event.orderId]);
  const html = renderToStaticMarkup(<Receipt total={rows[0]!.total} />);
  await client.end();
  return { html };
};
