import { Pool } from "pg"
import { format } from "./format.js"

const pool = new Pool()

process.on("SIGTERM", async () => {
  await pool.end()
  process.exit(0)
})

export const lambdaHandler = async (event) => {
  const { rows } = await pool.query("select $1::text as v", [format(event)])
  return rows
}
