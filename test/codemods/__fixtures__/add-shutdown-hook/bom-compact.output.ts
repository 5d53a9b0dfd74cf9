import { Pool } from "pg";
const pool = new Pool();

process.once("SIGTERM", async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info("[lambda-shutdown] SIGTERM: closing pool");
  await pool.end();
  process.exit(0);
});

export const handler = async () => pool.query("select 1");
