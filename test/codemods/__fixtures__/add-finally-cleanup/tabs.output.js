import { Client } from "pg";

export async function handler(event) {
	const client = new Client();
	try {
		await client.connect();
		const { rows } = await client.query("select * from t where id = $1", [event.id]);
		return rows;
	} finally {
		await client.end();
	}
}
