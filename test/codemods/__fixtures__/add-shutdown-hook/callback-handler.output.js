const mysql = require('mysql');

const connection = mysql.createConnection({
  host: process.env.RDS_HOSTNAME,
  user: process.env.RDS_USERNAME,
  password: process.env.RDS_PASSWORD,
});

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing connection');
  connection.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = function (event, context, callback) {
  context.callbackWaitsForEmptyEventLoop = false;
  connection.query('SELECT NOW() AS now', function (error, results) {
    if (error) {
      callback(error);
      return;
    }
    callback(null, results[0]);
  });
};
