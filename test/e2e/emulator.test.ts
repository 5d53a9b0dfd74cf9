/**
 * The emulated Lambda environment (harness/emulator.ts) against its contracts, under the real runtime client
 * (aws-lambda-ric 3.3.0) and small handlers and extensions written here: the Runtime API headers reach the handler's
 * context, errors carry their type, the Extensions API answers registrations, identifiers and events as Lambda does
 * (status codes and error types of aws-lambda-runtime-interface-emulator), and the Shutdown phase follows the
 * rules of /work/shared/LAMBDA-SHUTDOWN.md. runtime.test.ts relies on all of it.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LambdaEmulator } from './harness/emulator.js';
import { repoRoot } from './harness/processes.js';

const hasRic = fs.existsSync(path.join(repoRoot(), 'node_modules', 'aws-lambda-ric', 'dist', 'rapid-client.node'));
if (!hasRic && process.env['LAMBDA_SHUTDOWN_REQUIRE_RIC'] === '1') throw new Error("aws-lambda-ric's native client is missing");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-emulator-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const errorType = (body: string): string => (JSON.parse(body) as { errorType: string }).errorType;

let count = 0;
function taskRoot(files: Record<string, string>): string {
  const dir = path.join(tmp, `task${count++}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
  return dir;
}

function request(address: string, method: string, urlPath: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), method, path: urlPath, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A handler module that registers two internal extensions during Init (top-level await) and reports the answers. */
const REGISTERING_HANDLER = `
import http from 'node:http';
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
function register(name, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method: 'POST', path: '/2020-01-01/extension/register', agent: false,
      headers: { 'Lambda-Extension-Name': name, 'Lambda-Extension-Accept-Feature': 'accountId', 'Content-Type': 'application/json' } }, (res) => {
      let text = ''; res.setEncoding('utf8'); res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, id: res.headers['lambda-extension-identifier'] ?? null, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const registrations = {
  shutdown: await register('wants-shutdown', '{"events":["SHUTDOWN"]}'),
  plain: await register('internal-one', '{"events":[]}'),
  again: await register('internal-one', '{"events":[]}'),
};
// Init ends only once every registered extension waits in event/next: this one does, for ever.
const next = http.request({ host, port, path: '/2020-01-01/extension/event/next', agent: false, headers: { 'Lambda-Extension-Identifier': registrations.plain.id } });
next.on('socket', (s) => s.unref());
next.on('error', () => {});
next.end();
process.on('SIGTERM', () => {});
export const handler = async (event, context) => {
  if (event.fail) throw new TypeError('asked to fail');
  return {
    registrations,
    requestId: context.awsRequestId,
    arn: context.invokedFunctionArn,
    remaining: context.getRemainingTimeInMillis(),
    trace: process.env._X_AMZN_TRACE_ID,
    event,
  };
};
`;

/** An external extension subscribed to INVOKE and SHUTDOWN that appends every event to $EVENTS_FILE. */
const RECORDING_EXTENSION = `#!${process.execPath}
const fs = require('node:fs');
const http = require('node:http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
function call(method, p, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: p, headers, agent: false }, (res) => {
      let t = ''; res.setEncoding('utf8'); res.on('data', (c) => (t += c)); res.on('end', () => resolve({ headers: res.headers, body: t }));
    });
    req.on('error', reject); req.end(body);
  });
}
(async () => {
  const r = await call('POST', '/2020-01-01/extension/register', { 'Lambda-Extension-Name': 'recorder' }, '{"events":["INVOKE","SHUTDOWN"]}');
  const id = r.headers['lambda-extension-identifier'];
  for (;;) {
    const e = await call('GET', '/2020-01-01/extension/event/next', { 'Lambda-Extension-Identifier': id });
    fs.appendFileSync(process.env.EVENTS_FILE, JSON.stringify({ id: e.headers['lambda-extension-event-identifier'], event: JSON.parse(e.body) }) + '\\n');
    if (JSON.parse(e.body).eventType === 'SHUTDOWN') process.exit(0);
  }
})();
`;

describe.skipIf(!hasRic)('the emulated Lambda environment, under aws-lambda-ric 3.3.0', () => {
  it('Runtime API: the invocation headers reach the handler; a thrown error is posted as an error', async () => {
    const emulator = new LambdaEmulator({ taskRoot: taskRoot({ 'index.mjs': REGISTERING_HANDLER }), handler: 'index.handler', functionName: 'probe', timeoutMs: 2_000 });
    try {
      await emulator.start();
      const ok = await emulator.invoke({ hello: 'world' });
      expect(ok.outcome).toBe('response');
      const body = JSON.parse(ok.body) as { requestId: string; arn: string; remaining: number; trace: string; event: unknown };
      expect(body.requestId).toBe(ok.requestId);
      expect(body.requestId).toMatch(UUID);
      expect(body.arn).toBe('arn:aws:lambda:us-east-1:123456789012:function:probe');
      expect(body.remaining).toBeGreaterThan(0);
      expect(body.remaining).toBeLessThanOrEqual(2_000);
      expect(body.trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
      expect(body.event).toEqual({ hello: 'world' });
      const failed = await emulator.invoke({ fail: true });
      // aws-lambda-ric 3.3.0's native client puts the type in the body only (no Lambda-Runtime-Function-Error-Type).
      expect(failed.outcome).toBe('error');
      expect(JSON.parse(failed.body)).toMatchObject({ errorType: 'TypeError', errorMessage: 'asked to fail' });
    } finally {
      await emulator.close();
    }
  }, 30_000);

  it('Extensions API: registration, identifiers, refusals, and registration closed after Init', async () => {
    const emulator = new LambdaEmulator({ taskRoot: taskRoot({ 'index.mjs': REGISTERING_HANDLER }), handler: 'index.handler', functionName: 'probe' });
    try {
      await emulator.start();
      const { registrations } = JSON.parse((await emulator.invoke({})).body) as {
        registrations: Record<'shutdown' | 'plain' | 'again', { status: number; id: string | null; body: Record<string, string> }>;
      };
      // An internal extension may not subscribe to SHUTDOWN.
      expect(registrations.shutdown).toMatchObject({ status: 403, id: null, body: { errorType: 'Extension.InvalidEventType' } });
      expect(registrations.plain.status).toBe(200);
      expect(registrations.plain.id).toMatch(UUID);
      expect(registrations.plain.body).toEqual({ functionName: 'probe', functionVersion: '$LATEST', handler: 'index.handler', accountId: '123456789012' });
      expect(registrations.again).toMatchObject({ status: 403, body: { errorType: 'Extension.InvalidExtensionState' } });
      expect(emulator.registered).toEqual({ internal: ['internal-one'], external: [] });

      const api = emulator.address;
      const late = await request(api, 'POST', '/2020-01-01/extension/register', { 'Lambda-Extension-Name': 'late' }, '{"events":[]}');
      expect([late.status, errorType(late.body)]).toEqual([403, 'Extension.RegistrationClosed']);
      const nameless = await request(api, 'POST', '/2020-01-01/extension/register', {}, '{"events":[]}');
      expect([nameless.status, errorType(nameless.body)]).toEqual([403, 'Extension.InvalidExtensionName']);
      for (const [headers, expected] of [
        [{}, 'Extension.MissingExtensionIdentifier'],
        [{ 'Lambda-Extension-Identifier': 'not-a-uuid' }, 'Extension.InvalidExtensionIdentifier'],
        [{ 'Lambda-Extension-Identifier': '00000000-0000-4000-8000-000000000000' }, 'Extension.UnknownExtensionIdentifier'],
      ] as const) {
        const r = await request(api, 'GET', '/2020-01-01/extension/event/next', headers);
        expect([r.status, errorType(r.body)]).toEqual([403, expected]);
      }
      const exitError = await request(api, 'POST', '/2020-01-01/extension/exit/error', { 'Lambda-Extension-Identifier': registrations.plain.id! });
      expect([exitError.status, errorType(exitError.body)]).toEqual([403, 'Extension.MissingHeader']);
      const stale = await request(api, 'POST', '/2018-06-01/runtime/invocation/00000000-0000-4000-8000-000000000000/response', {}, '{}');
      expect([stale.status, errorType(stale.body)]).toEqual([400, 'InvalidRequestID']);

      // An internal extension is registered: SIGTERM, then SIGKILL after 500 ms (the listener above never exits).
      const report = await emulator.shutdown();
      expect(report).toMatchObject({ sigterm: true, limits: { phaseMs: 500, runtimeMs: 500 }, runtime: { killed: true, exit: { signal: 'SIGKILL' } } });
      expect(report.runtime.exitedAfterMs!).toBeGreaterThanOrEqual(500);
    } finally {
      await emulator.close();
    }
  }, 30_000);

  it('an external extension gets INVOKE and SHUTDOWN events; with none registered the runtime is SIGKILLed at once', async () => {
    const extensions = path.join(tmp, `extensions${count++}`);
    fs.mkdirSync(extensions);
    fs.writeFileSync(path.join(extensions, 'recorder'), RECORDING_EXTENSION, { mode: 0o755 });
    const eventsFile = path.join(tmp, `events${count++}.jsonl`);
    const handler = { 'index.mjs': "process.on('SIGTERM', () => process.exit(0));\nexport const handler = async () => 'ok';\n" };
    const withExtension = new LambdaEmulator({ taskRoot: taskRoot(handler), handler: 'index.handler', extensionsDir: extensions, env: { EVENTS_FILE: eventsFile } });
    try {
      await withExtension.start();
      expect(withExtension.registered).toEqual({ internal: [], external: ['recorder'] });
      const invocation = await withExtension.invoke({});
      const report = await withExtension.shutdown();
      expect(report).toMatchObject({ sigterm: true, limits: { phaseMs: 2_000, runtimeMs: 300 } });
      expect(report.externalExtensions).toMatchObject([{ name: 'recorder', subscribedToShutdown: true, killed: false, exit: { code: 0, signal: null } }]);
      const events = fs.readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; event: Record<string, unknown> });
      expect(events.map((e) => e.event['eventType'])).toEqual(['INVOKE', 'SHUTDOWN']);
      expect(events[0]!.event).toMatchObject({ requestId: invocation.requestId, invokedFunctionArn: withExtension.functionArn, tracing: { type: 'X-Amzn-Trace-Id' } });
      expect(events[1]!.event).toEqual({ eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: expect.any(Number) as number });
      expect(Math.abs(Number(events[1]!.event['deadlineMs']) - (report.startedAtEpochMs + 2_000))).toBeLessThan(5);
      for (const e of events) expect(e.id).toMatch(UUID);
    } finally {
      await withExtension.close();
    }

    const bare = new LambdaEmulator({ taskRoot: taskRoot(handler), handler: 'index.handler' });
    try {
      await bare.start();
      await bare.invoke({});
      const report = await bare.shutdown();
      expect(report).toMatchObject({ sigterm: false, limits: { phaseMs: 0, runtimeMs: 0 }, runtime: { killed: true, exit: { signal: 'SIGKILL' } } });
    } finally {
      await bare.close();
    }
  }, 30_000);
});
