import net from 'node:net';
import { Pool } from 'pg';

let pool;
let socket;

const getPool = () => (pool ??= new Pool());
const getSocket = () => (socket ??= net.connect({ host: process.env.STATSD_HOST, port: 8125 }));

process.once('SIGTERM', async () => {
  if (pool) {
    await pool.end();
  }
  if (socket) await new Promise((resolve) => socket.end(resolve));
  else console.log('no metrics socket');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  getSocket().write(`orders:${event.Records.length}|c\n`);
  return (await getPool().query('select 1')).rows;
};
