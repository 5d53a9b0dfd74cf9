import { Pool } from 'pg';

const pool = new Pool();

function registerShutdown() {
  process.on('SIGTERM', () => {
    console.log('bye');
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
  });
}

registerShutdown();

export const handler = async () => (await pool.query('select 1')).rows;
