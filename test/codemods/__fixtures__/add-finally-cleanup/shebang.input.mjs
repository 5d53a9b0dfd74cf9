#!/usr/bin/env node
import { Client } from 'pg';

export async function handler() {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1 as ok');
  return rows[0].ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  handler().then(console.log);
}
