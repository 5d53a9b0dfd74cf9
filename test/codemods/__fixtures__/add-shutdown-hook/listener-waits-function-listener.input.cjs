'use strict';

const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGODB_URI);

process.on('SIGTERM', function onSigterm() {
  client.close();
  process.exit(0);
});

module.exports.handler = async (event) => {
  await client.connect();
  return client.db('app').collection('events').insertOne(event);
};
