import knex = require('knex');

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing db');
  await db.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { id: number }) => {
  return db('accounts').where({ id: event.id }).first();
};
