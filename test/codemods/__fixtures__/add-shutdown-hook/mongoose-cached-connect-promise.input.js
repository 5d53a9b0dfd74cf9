const { connect, model, Schema } = require('mongoose');

const Order = model('Order', new Schema({ id: String, total: Number }));

let connected;

module.exports.handler = async (event) => {
  connected = connected || connect(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  await connected;
  return Order.findOne({ id: event.pathParameters.id }).lean();
};
