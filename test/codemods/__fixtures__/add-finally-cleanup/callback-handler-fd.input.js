const fs = require('fs');

exports.handler = function (event, context, callback) {
  const fd = fs.openSync('/tmp/last-event.json', 'w');
  fs.writeSync(fd, JSON.stringify(event));
  callback(null, { saved: true });
};
