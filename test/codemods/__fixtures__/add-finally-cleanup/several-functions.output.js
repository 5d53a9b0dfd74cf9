import { Client } from 'pg';
import { open } from 'node:fs/promises';

async function loadUser(id) {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select * from users where id = $1', [id]);
    return rows[0];
  } finally {
    await client.end();
  }
}

async function appendLog(line) {
  const log = await open('/tmp/requests.log', 'a');
  try {
    await log.appendFile(`${line}\n`);
  } finally {
    await log.close();
  }
}

export const handler = async (event) => {
  const user = await loadUser(event.userId);
  await appendLog(`${event.userId} ${Date.now()}`);
  return user;
};
