import dgram from 'node:dgram';

const statsd = dgram.createSocket('udp4');

process.on('SIGTERM', async () => {
  await new Promise((resolve) => statsd.close(resolve));
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  statsd.send(`records:${event.Records.length}|c`, 8125, process.env.STATSD_HOST);
  return { ok: true };
};
