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

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing mongoose');
  await mongoose.disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
