// Based on the aws-samples RDS Proxy example: one connection per execution environment, IAM auth token.
const mysql = require('mysql2/promise');
const { Signer } = require('@aws-sdk/rds-signer');

const signer = new Signer({
  hostname: process.env.RDS_PROXY_ENDPOINT,
  port: 3306,
  username: process.env.DB_USER,
  region: process.env.AWS_REGION,
});

let connection;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing connection');
  await connection?.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

async function getConnection() {
  if (!connection) {
    const token = await signer.getAuthToken();
    connection = await mysql.createConnection({
      host: process.env.RDS_PROXY_ENDPOINT,
      user: process.env.DB_USER,
      password: token,
      database: process.env.DB_NAME,
      ssl: 'Amazon RDS',
      authPlugins: { mysql_clear_password: () => () => token },
    });
  }
  return connection;
}

exports.handler = async (event) => {
  const conn = await getConnection();
  const [rows] = await conn.execute('SELECT * FROM inventory WHERE sku = ?', [event.sku]);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
