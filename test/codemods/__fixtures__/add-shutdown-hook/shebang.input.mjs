#!/usr/bin/env node
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => {
  const { rows } = await pool.query('select version()');
  return rows[0];
};

if (process.argv[1] === new URL(import.meta.url).pathname) {
  console.log(await handler());
}
