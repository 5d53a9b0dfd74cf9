import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => (await pool.query('select 1')).rows;
