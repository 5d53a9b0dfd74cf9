import { Pool } from 'pg';

let pool: Pool | undefined;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool?.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

const getPool = () => (pool ??= new Pool({ max: 1 }));

export async function handler(event: { id: string }) {
  const { rows } = await getPool().query('select * from users where id = $1', [event.id]);
  return rows[0] ?? null;
}
