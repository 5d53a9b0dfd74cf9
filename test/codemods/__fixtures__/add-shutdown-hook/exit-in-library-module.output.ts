/**
 * Database access shared by the handlers (not a handler module itself).
 */
import { Pool } from 'pg';

export const pool = new Pool({ max: 2 });

process.once('SIGTERM', () => {
  pool.end().finally(() => { process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM'); });
});
