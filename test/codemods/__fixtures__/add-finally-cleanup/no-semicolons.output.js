import { Client } from 'pg'

export const handler = async (event) => {
  const client = new Client()
  try {
    await client.connect()
    const { rows } = await client.query('select * from notes where owner = $1', [event.owner])
    return rows
  } finally {
    await client.end()
  }
}
