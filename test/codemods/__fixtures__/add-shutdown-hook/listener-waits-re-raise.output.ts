import { createWriteStream } from 'node:fs';
import { Pool } from 'pg';

const pool = new Pool();
const audit = createWriteStream('/tmp/audit.log', { flags: 'a' });

process.once('SIGTERM', async () => {
  await Promise.allSettled([new Promise((resolve) => audit.end(resolve)), pool.end()]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { id: string }) => {
  audit.write(`${event.id}\n`);
  return (await pool.query('select 1')).rows;
};
