import { Client } from 'pg';
import { open } from 'node:fs/promises';

export const handler = async (event: { keep?: boolean; id: string }) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from t where id = $1', [event.id]);
  if (!event.keep) await client.end();
  const log = await open('/tmp/log', 'a');
  await log.write(`${event.id}\n`);
  return rows;
};
