import { open } from 'node:fs/promises';

export const handler = async (event: { action: 'read' | 'touch'; path: string }) => {
  switch (event.action) {
    case 'read':
      const file = await open(event.path);
      const text = await file.readFile('utf8');
      return text.length;
    default:
      return 0;
  }
};
