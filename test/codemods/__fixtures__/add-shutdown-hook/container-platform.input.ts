import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => {
  const { rows } = await pool.query('select 1');
  return rows;
};
