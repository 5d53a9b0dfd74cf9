import { open } from 'node:fs/promises';

export const handler = async (event: { path: string }) => {
  await using file = await open(event.path, 'r');
  const { size } = await file.stat();
  const buffer = Buffer.alloc(Math.min(size, 1024));
  await file.read(buffer, 0, buffer.length, 0);
  return buffer.toString('utf8');
};
