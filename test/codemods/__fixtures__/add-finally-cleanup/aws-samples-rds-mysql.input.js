// Shape of the aws-samples "Lambda + RDS MySQL" handler: a connection per invocation, closed at the end.
const mysql = require('mysql2/promise');

exports.handler = async (event) => {
  const connection = await mysql.createConnection({
    host: process.env.RDS_HOSTNAME,
    user: process.env.RDS_USERNAME,
    password: process.env.RDS_PASSWORD,
    port: process.env.RDS_PORT,
    database: process.env.RDS_DATABASE,
  });

  const [rows] = await connection.execute('SELECT * FROM Employee WHERE EmpID = ?', [event.empId]);

  await connection.end();

  return {
    statusCode: 200,
    body: JSON.stringify(rows),
  };
};
