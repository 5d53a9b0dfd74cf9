import { Pool } from "pg";
const pool = new Pool();

process.once("SIGTERM", async () => {
  setTimeout(() => process.kill(process.pid, "SIGKILL"), 250).unref();
  console.info("[lambda-shutdown] SIGTERM: closing pool");
  await pool.end();
  process.removeAllListeners("SIGTERM");
  process.kill(process.pid, "SIGTERM");
});

export const handler = async () => pool.query("select 1");
