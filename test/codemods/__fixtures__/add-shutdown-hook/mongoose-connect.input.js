import mongoose from 'mongoose';

const Order = mongoose.model('Order', new mongoose.Schema({ sku: String, qty: Number }));

let connected = false;

export const handler = async (event) => {
  if (!connected) {
    await mongoose.connect(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
    connected = true;
  }
  return Order.find({ sku: event.sku }).lean();
};
