'use strict';

const fs = require('node:fs');

exports.handler = async (event) => {
  const out = fs.createWriteStream(`/tmp/${event.id}.ndjson`);
  for (const item of event.items) {
    out.write(JSON.stringify(item) + '\n');
  }
  return { count: event.items.length };
};
