import { Pool } from 'pg';
import { flushMetrics } from './metrics.js';

const pool = new Pool();

process.on('SIGTERM', async function onSigterm() {
  await pool.end();
  console.log('SIGTERM: flushing metrics');
  flushMetrics().finally(() => { process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM'); });
});

export const handler = async () => (await pool.query('select 1')).rows;
