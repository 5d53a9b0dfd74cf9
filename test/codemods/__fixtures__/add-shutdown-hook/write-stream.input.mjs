import { createWriteStream } from 'node:fs';

const audit = createWriteStream('/tmp/audit.log', { flags: 'a' });

export const handler = async (event) => {
  audit.write(`${new Date().toISOString()} ${JSON.stringify(event)}\n`);
  return { ok: true };
};
