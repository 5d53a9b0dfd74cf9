import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
app.get('/orders', async (req, res) => res.json((await pool.query('select * from orders')).rows));
const server = app.listen(process.env.PORT ?? 3000);

process.on('SIGTERM', () => {
  server.close(() => {
    pool.end().then(() => process.exit(0));
  });
});
