import net from 'node:net';

export const handler = async (event) => {
  const socket = net.connect(2003, process.env.GRAPHITE_HOST);
  try {
    socket.write(`lambda.invocations 1 ${Math.floor(Date.now() / 1000)}\n`);
  } finally {
    await new Promise((resolve) => socket.end(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { ok: true, records: event.Records.length };
};
