import { Pool } from 'pg';

export const pool = new Pool();

export const handler = async () => (await pool.query('select 1')).rows;
