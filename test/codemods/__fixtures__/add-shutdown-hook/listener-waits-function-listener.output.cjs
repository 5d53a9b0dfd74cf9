'use strict';

const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGODB_URI);

process.on('SIGTERM', async function onSigterm() {
  await client.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

module.exports.handler = async (event) => {
  await client.connect();
  return client.db('app').collection('events').insertOne(event);
};
