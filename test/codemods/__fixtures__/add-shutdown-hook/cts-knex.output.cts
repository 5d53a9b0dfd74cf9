import knex = require('knex');

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing db');
  await db.destroy();
  process.exit(0);
});

export const handler = async (event: { id: number }) => {
  return db('accounts').where({ id: event.id }).first();
};
