import { Client } from 'pg';

export const handler = async (event: { from: string; to: string }) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query(`
    select day, sum(total) as total
      from orders
     where day between $1 and $2
  group by day
  `, [event.from, event.to]);
    return rows;
  } finally {
    await client.end();
  }
};
