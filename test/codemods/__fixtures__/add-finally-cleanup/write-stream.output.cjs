'use strict';

const fs = require('node:fs');

exports.handler = async (event) => {
  const out = fs.createWriteStream(`/tmp/${event.id}.ndjson`);
  try {
    for (const item of event.items) {
      out.write(JSON.stringify(item) + '\n');
    }
  } finally {
    await new Promise((resolve) => out.end(resolve));
  }
  return { count: event.items.length };
};
