import { createWriteStream } from 'node:fs';

const audit = createWriteStream('/tmp/audit.log', { flags: 'a' });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing audit');
  await new Promise((resolve) => audit.end(resolve));
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  audit.write(`${new Date().toISOString()} ${JSON.stringify(event)}\n`);
  return { ok: true };
};
