import net from 'node:net';
import { Pool } from 'pg';

let pool;
let socket;

const getPool = () => (pool ??= new Pool());
const getSocket = () => (socket ??= net.connect({ host: process.env.STATSD_HOST, port: 8125 }));

process.once('SIGTERM', () => {
  if (pool) {
    pool.end();
  }
  if (socket) socket.end();
  else console.log('no metrics socket');
  process.exit(0);
});

export const handler = async (event) => {
  getSocket().write(`orders:${event.Records.length}|c\n`);
  return (await getPool().query('select 1')).rows;
};
