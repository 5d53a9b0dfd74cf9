import { Client } from "pg";

export async function handler(event) {
	const client = new Client();
	await client.connect();
	const { rows } = await client.query("select * from t where id = $1", [event.id]);
	await client.end();
	return rows;
}
