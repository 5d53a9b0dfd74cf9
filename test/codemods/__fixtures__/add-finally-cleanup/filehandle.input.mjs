import { open } from 'node:fs/promises';

export const handler = async (event) => {
  const file = await open(`/tmp/${event.name}.csv`, 'a');
  for (const row of event.rows) {
    await file.write(`${row.join(',')}\n`);
  }
  await file.close();
  return { written: event.rows.length };
};
