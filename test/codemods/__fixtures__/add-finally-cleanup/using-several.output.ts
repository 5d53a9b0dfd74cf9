import { open } from 'node:fs/promises';
import { Client } from 'pg';

export const handler = async (event: { report: string }) => {
  const client = new Client();
  try {
    await client.connect();
    await using out = await open(`/tmp/${event.report}.json`, 'w');
    const { rows } = await client.query('select * from report where name = $1', [event.report]);
    await out.writeFile(JSON.stringify(rows));
    return { rows: rows.length };
  } finally {
    await client.end();
  }
};
