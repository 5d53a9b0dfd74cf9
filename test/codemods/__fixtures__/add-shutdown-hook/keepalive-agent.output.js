const https = require('node:https');

const agent = new https.Agent({ keepAlive: true, maxSockets: 10 });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing agent');
  agent.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async (event) => {
  return new Promise((resolve, reject) => {
    https
      .get(`https://example.com/items/${event.id}`, { agent }, (res) => {
        let data = '';
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ statusCode: res.statusCode, body: data }));
      })
      .on('error', reject);
  });
};
