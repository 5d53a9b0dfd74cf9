'use strict';

const { NestFactory } = require('@nestjs/core');
const serverless = require('serverless-http');
const { AppModule } = require('./dist/app.module');

let cachedServer;

// one Nest application per execution environment
async function bootstrap() {
  if (!cachedServer) {
    const app = await NestFactory.create(AppModule)
    await app.init()
    cachedServer = serverless(app.getHttpAdapter().getInstance())
  }
  return cachedServer
}

module.exports.handler = async (event, context) => (await bootstrap())(event, context)
