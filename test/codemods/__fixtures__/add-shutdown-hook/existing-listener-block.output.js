import pg from 'pg';

const pool = new pg.Pool();

// SIGTERM Handler
process.on('SIGTERM', async () => {
  await pool.end();
  console.info('[runtime] SIGTERM received');

  console.info('[runtime] cleaning up');
  // perform actual clean up work here.
  await new Promise(resolve => setTimeout(resolve, 200));

  console.info('[runtime] exiting');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM')
});

export const handler = async (event) => {
  const { rows } = await pool.query('select 1 as ok');
  return rows[0];
};
