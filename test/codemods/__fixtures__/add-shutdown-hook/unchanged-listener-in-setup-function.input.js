import { Pool } from 'pg';

const pool = new Pool();

function registerShutdown() {
  process.on('SIGTERM', () => {
    console.log('bye');
    process.exit(0);
  });
}

registerShutdown();

export const handler = async () => (await pool.query('select 1')).rows;
