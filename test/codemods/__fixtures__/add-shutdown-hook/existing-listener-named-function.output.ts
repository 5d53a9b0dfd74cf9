import { Pool } from 'pg';

const pool = new Pool();

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  await pool.end();
  console.log(`received ${signal}, exiting`);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
}

process.on('SIGTERM', shutdown);

export const handler = async () => {
  const res = await pool.query('select count(*) from jobs');
  return res.rows[0];
};
