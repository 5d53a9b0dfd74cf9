import dgram from 'node:dgram';

const statsd = dgram.createSocket('udp4');

process.on('SIGTERM', () => {
  statsd.close();
  process.exit(0);
});

export const handler = async (event) => {
  statsd.send(`records:${event.Records.length}|c`, 8125, process.env.STATSD_HOST);
  return { ok: true };
};
