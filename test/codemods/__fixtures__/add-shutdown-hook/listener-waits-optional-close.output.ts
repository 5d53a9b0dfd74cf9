import { Pool } from 'pg';

let pool: Pool | undefined;

function getPool(): Pool {
  return (pool ??= new Pool({ max: 1 }));
}

process.on('SIGTERM', async () => { await pool?.end(); process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM') });

export const handler = async (event: { id: string }) => {
  const { rows } = await getPool().query('select * from orders where id = $1', [event.id]);
  return rows[0];
};
