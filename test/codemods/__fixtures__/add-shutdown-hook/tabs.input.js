import { Pool } from "pg";
import Redis from "ioredis";

const pool = new Pool();
const cache = new Redis();

export async function handler(event) {
	const hit = await cache.get(event.id);
	if (hit) {
		return JSON.parse(hit);
	}
	const { rows } = await pool.query("select * from t where id = $1", [event.id]);
	await cache.set(event.id, JSON.stringify(rows));
	return rows;
}
