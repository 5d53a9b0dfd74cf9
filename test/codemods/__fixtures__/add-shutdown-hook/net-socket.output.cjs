const net = require('node:net');

const socket = net.connect({ host: process.env.STATSD_HOST, port: 8125 });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing socket');
  await new Promise((resolve) => socket.end(resolve));
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async (event) => {
  socket.write(`invocations:1|c\n`);
  return { received: event.Records.length };
};
