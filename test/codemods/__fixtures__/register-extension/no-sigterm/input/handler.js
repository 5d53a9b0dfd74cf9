import pg from 'pg';

const pool = new pg.Pool();

export const handler = async () => (await pool.query('select 1')).rows;
