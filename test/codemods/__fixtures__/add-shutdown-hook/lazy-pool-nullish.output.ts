import { Pool } from 'pg';

let pool: Pool | undefined;

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool?.end();
  process.exit(0);
});

const getPool = () => (pool ??= new Pool({ max: 1 }));

export async function handler(event: { id: string }) {
  const { rows } = await getPool().query('select * from users where id = $1', [event.id]);
  return rows[0] ?? null;
}
