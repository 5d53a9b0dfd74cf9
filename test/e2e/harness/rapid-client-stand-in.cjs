'use strict';
/**
 * Preloaded (NODE_OPTIONS=--require) into the emulator's runtime when aws-lambda-ric's native addon
 * (dist/rapid-client.node) has not been built: a stand-in for the addon, which runtime-client.ts explains.
 *
 * The addon has three functions, and this keeps the way each one meets the event loop, since that is what decides
 * races such as "does a registration started during require() reach the API before the runtime's first next":
 * - `next()` sends GET /2018-06-01/runtime/invocation/next from another thread (the addon: an AsyncWorker on the
 *   libuv threadpool) and returns a promise of `{ bodyJson, headers }`. Here the other thread is a worker thread,
 *   started and warmed up while this is preloaded, so that the GET leaves as soon as the runtime first polls; a
 *   pending next keeps the process alive, as the addon's queued work does.
 * - `done(id, body)` and `error(id, body, xrayCause)` post the response or error and block the main thread until it
 *   is answered (the addon: a blocking curl call). Here the worker posts while the main thread waits on an Atomics
 *   cell. As the addon, the error type is only in the body.
 * Everything else the runtime does (loading the handler, `Runtime.scheduleIteration`, its setImmediate calls) is the
 * runtime's own code.
 */
const { Worker, isMainThread } = require('node:worker_threads');

/** The worker: one HTTP request per message, answered by message (`next`) or by the Atomics cell (posts). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { hostname, port, done } = workerData;
parentPort.on('message', (call) => {
  const finish = (result, error) => {
    if (call.sync) {
      Atomics.store(done, 0, 1);
      Atomics.notify(done, 0);
    } else {
      parentPort.postMessage({ id: call.id, result, error });
    }
  };
  const req = http.request({ hostname, port, method: call.method, path: call.path, headers: call.headers, agent: false }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => finish({ bodyJson: body, headers: res.headers }, null));
  });
  req.on('error', (error) => finish(null, error.message));
  req.end(call.body);
});
// Warm up node:http (its first request compiles the client, the parser and net lazily, several ms that the addon
// does not spend) on a throw-away server, then say ready.
const warm = http.createServer((req, res) => res.end('{}')).listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: warm.address().port, agent: false }, (res) => {
    res.resume();
    res.on('end', () => {
      warm.close();
      Atomics.store(done, 0, 1);
      Atomics.notify(done, 0);
    });
  });
});
`;

function install() {
  const Module = require('node:module');
  const path = require('node:path');
  const [hostname, port] = (process.env.AWS_LAMBDA_RUNTIME_API || '').split(':');
  const done = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, { eval: true, workerData: { hostname, port: Number(port), done } });
  worker.unref();
  // ready before the runtime starts, as a loaded addon is
  if (Atomics.wait(done, 0, 0, 10_000) === 'timed-out') throw new Error('[rapid-client stand-in] the worker did not start in 10 s');

  /** @type {Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  let ids = 0;
  worker.on('message', (/** @type {{ id: number, result: unknown, error: string | null }} */ reply) => {
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (!call) return;
    if (reply.error !== null) call.reject(new Error(`Failed to get next invocation: ${reply.error}`));
    else call.resolve(reply.result);
  });

  /**
   * @param {string} urlPath
   * @param {string} body
   * @param {Record<string, string>} headers
   */
  const post = (urlPath, body, headers) => {
    Atomics.store(done, 0, 0);
    const all = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...headers };
    worker.postMessage({ sync: true, method: 'POST', path: urlPath, body, headers: all });
    if (Atomics.wait(done, 0, 0, 10_000) === 'timed-out') process.stderr.write(`[rapid-client stand-in] POST ${urlPath}: no answer in 10 s\n`);
  };

  const standIn = {
    next() {
      return new Promise((resolve, reject) => {
        const id = ids++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, method: 'GET', path: '/2018-06-01/runtime/invocation/next', headers: {} });
      });
    },
    /**
     * @param {string} id the request id, URI-encoded by the runtime
     * @param {string} body
     */
    done(id, body) {
      post(`/2018-06-01/runtime/invocation/${id}/response`, body, {});
    },
    /**
     * @param {string} id
     * @param {string} body
     * @param {string} xrayCause
     */
    error(id, body, xrayCause) {
      post(`/2018-06-01/runtime/invocation/${id}/error`, body, { 'Lambda-Runtime-Function-XRay-Error-Cause': xrayCause });
    },
  };

  const ricDir = `${path.sep}aws-lambda-ric${path.sep}`;
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === './rapid-client.node' && parent && typeof parent.filename === 'string' && parent.filename.includes(ricDir)) return standIn;
    return load.call(this, request, parent, isMain);
  };
}

// NODE_OPTIONS preloads run in worker threads too: only the main thread installs the stand-in.
if (isMainThread) install();
