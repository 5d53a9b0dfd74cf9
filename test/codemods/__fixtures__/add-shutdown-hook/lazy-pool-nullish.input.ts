import { Pool } from 'pg';

let pool: Pool | undefined;

const getPool = () => (pool ??= new Pool({ max: 1 }));

export async function handler(event: { id: string }) {
  const { rows } = await getPool().query('select * from users where id = $1', [event.id]);
  return rows[0] ?? null;
}
