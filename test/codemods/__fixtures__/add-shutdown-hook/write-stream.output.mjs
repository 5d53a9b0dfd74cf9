import { createWriteStream } from 'node:fs';

const audit = createWriteStream('/tmp/audit.log', { flags: 'a' });

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing audit');
  await new Promise((resolve) => audit.end(resolve));
  process.exit(0);
});

export const handler = async (event) => {
  audit.write(`${new Date().toISOString()} ${JSON.stringify(event)}\n`);
  return { ok: true };
};
