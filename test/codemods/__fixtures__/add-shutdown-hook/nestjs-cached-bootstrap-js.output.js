'use strict';

const { NestFactory } = require('@nestjs/core');
const serverless = require('serverless-http');
const { AppModule } = require('./dist/app.module');

let cachedServer;

let app;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing app');
  await app?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

// one Nest application per execution environment
async function bootstrap() {
  if (!cachedServer) {
    app = await NestFactory.create(AppModule)
    await app.init()
    cachedServer = serverless(app.getHttpAdapter().getInstance())
  }
  return cachedServer
}

module.exports.handler = async (event, context) => (await bootstrap())(event, context)
