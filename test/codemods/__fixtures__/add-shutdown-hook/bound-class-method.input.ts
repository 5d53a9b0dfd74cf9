import { Pool } from 'pg';

const pool = new Pool();

class OrdersFunction {
  async handler(event: { id: string }) {
    const { rows } = await pool.query('select * from orders where id = $1', [event.id]);
    return rows[0];
  }
}

const instance = new OrdersFunction();
export const handler = instance.handler.bind(instance);
