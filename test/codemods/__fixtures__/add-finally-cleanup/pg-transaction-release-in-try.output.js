import pg from 'pg';

const pool = new pg.Pool();

process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

export const handler = async (event) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('INSERT INTO orders(sku) VALUES ($1) RETURNING id', [event.sku]);
    await client.query('INSERT INTO outbox(order_id) VALUES ($1)', [rows[0].id]);
    await client.query('COMMIT');
    return rows[0];
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};
