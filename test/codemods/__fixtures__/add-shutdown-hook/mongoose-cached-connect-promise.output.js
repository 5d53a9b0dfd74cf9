const { connect, model, Schema } = require('mongoose');

const Order = model('Order', new Schema({ id: String, total: Number }));

let connected;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing connected');
  await (await connected)?.disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

module.exports.handler = async (event) => {
  connected = connected || connect(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  await connected;
  return Order.findOne({ id: event.pathParameters.id }).lean();
};
