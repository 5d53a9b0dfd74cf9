import { open } from 'node:fs/promises';

export const handler = async (event: { action: 'read' | 'touch'; path: string }) => {
  switch (event.action) {
    case 'read':
      const file = await open(event.path);
      try {
        const text = await file.readFile('utf8');
        return text.length;
      } finally {
        await file.close();
      }
    default:
      return 0;
  }
};
