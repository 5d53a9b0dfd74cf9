import { Client } from 'pg';
import { open } from 'node:fs/promises';

async function loadUser(id) {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from users where id = $1', [id]);
  await client.end();
  return rows[0];
}

async function appendLog(line) {
  const log = await open('/tmp/requests.log', 'a');
  await log.appendFile(`${line}\n`);
}

export const handler = async (event) => {
  const user = await loadUser(event.userId);
  await appendLog(`${event.userId} ${Date.now()}`);
  return user;
};
