const fs = require('fs');

exports.handler = function (event, context, callback) {
  const fd = fs.openSync('/tmp/last-event.json', 'w');
  try {
    fs.writeSync(fd, JSON.stringify(event));
  } finally {
    fs.closeSync(fd);
  }
  callback(null, { saved: true });
};
