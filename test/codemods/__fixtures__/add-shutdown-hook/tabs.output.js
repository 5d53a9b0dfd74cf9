import { Pool } from "pg";
import Redis from "ioredis";

const pool = new Pool();
const cache = new Redis();

process.once("SIGTERM", async () => {
	setTimeout(() => process.kill(process.pid, "SIGKILL"), 250).unref();
	console.info("[lambda-shutdown] SIGTERM: closing pool, cache");
	await Promise.allSettled([pool.end(), cache.quit()]);
	process.removeAllListeners("SIGTERM");
	process.kill(process.pid, "SIGTERM");
});

export async function handler(event) {
	const hit = await cache.get(event.id);
	if (hit) {
		return JSON.parse(hit);
	}
	const { rows } = await pool.query("select * from t where id = $1", [event.id]);
	await cache.set(event.id, JSON.stringify(rows));
	return rows;
}
