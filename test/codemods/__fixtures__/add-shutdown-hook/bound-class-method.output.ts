import { Pool } from 'pg';

const pool = new Pool();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

class OrdersFunction {
  async handler(event: { id: string }) {
    const { rows } = await pool.query('select * from orders where id = $1', [event.id]);
    return rows[0];
  }
}

const instance = new OrdersFunction();
export const handler = instance.handler.bind(instance);
