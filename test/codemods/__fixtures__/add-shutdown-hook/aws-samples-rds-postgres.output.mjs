import pg from 'pg';

// Connect once, at init, outside the handler (top-level await in an ES module).
const client = new pg.Client({
  host: process.env.DB_ENDPOINT,
  port: 5432,
  database: 'postgres',
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  ssl: { rejectUnauthorized: false },
});
await client.connect();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const res = await client.query('SELECT * FROM pets WHERE owner = $1', [event.owner]);
  return { statusCode: 200, body: JSON.stringify(res.rows) };
};
