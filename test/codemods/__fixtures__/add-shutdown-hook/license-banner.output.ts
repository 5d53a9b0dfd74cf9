/*
 * Copyright 2024 Example Corp.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 */

/**
 * Orders API: reads orders from Postgres.
 */
import { Pool } from 'pg';

/** One connection per execution environment. */
const pool = new Pool({ max: 1 }); // reused across invocations

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { id: string }) => {
  const { rows } = await pool.query('select * from orders where id = $1', [event.id]);
  return rows;
};
