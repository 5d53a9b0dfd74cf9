import { open } from 'node:fs/promises';

export const handler = async (event: { path: string }) => {
  const file = await open(event.path, 'r');
  const { size } = await file.stat();
  const buffer = Buffer.alloc(Math.min(size, 1024));
  await file.read(buffer, 0, buffer.length, 0);
  await file.close();
  return buffer.toString('utf8');
};
