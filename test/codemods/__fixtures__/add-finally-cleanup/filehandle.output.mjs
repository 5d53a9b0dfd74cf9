import { open } from 'node:fs/promises';

export const handler = async (event) => {
  const file = await open(`/tmp/${event.name}.csv`, 'a');
  try {
    for (const row of event.rows) {
      await file.write(`${row.join(',')}\n`);
    }
  } finally {
    await file.close();
  }
  return { written: event.rows.length };
};
