import knex from 'knex'

const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 1 }
})

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref()
  console.info('[lambda-shutdown] SIGTERM: closing db')
  await db.destroy()
  process.removeAllListeners('SIGTERM')
  process.kill(process.pid, 'SIGTERM')
})

export const handler = async (event) => {
  const rows = await db('orders').where({ customer: event.customer })
  return { statusCode: 200, body: JSON.stringify(rows) }
}
