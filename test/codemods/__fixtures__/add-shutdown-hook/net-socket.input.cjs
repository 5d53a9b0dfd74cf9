const net = require('node:net');

const socket = net.connect({ host: process.env.STATSD_HOST, port: 8125 });

exports.handler = async (event) => {
  socket.write(`invocations:1|c\n`);
  return { received: event.Records.length };
};
