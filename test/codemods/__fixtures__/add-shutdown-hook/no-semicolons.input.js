import knex from 'knex'

const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 1 }
})

export const handler = async (event) => {
  const rows = await db('orders').where({ customer: event.customer })
  return { statusCode: 200, body: JSON.stringify(rows) }
}
