const { connect, model, Schema } = require('mongoose');

const Order = model('Order', new Schema({ id: String, total: Number }));

let ready = false;

module.exports.handler = async (event) => {
  if (!ready) {
    await connect(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
    ready = true;
  }
  return Order.findOne({ id: event.pathParameters.id }).lean();
};
