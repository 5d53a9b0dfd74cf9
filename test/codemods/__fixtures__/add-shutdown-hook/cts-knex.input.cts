import knex = require('knex');

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export const handler = async (event: { id: number }) => {
  return db('accounts').where({ id: event.id }).first();
};
