/**
 * What `require-sigterm-cleanup`'s suggestion leaves behind, checked with every rule of the plugin on:
 * - for sockets and streams (a close that returns before its work is done and calls back when it is), the listener
 *   the suggestion writes waits for that callback, so `exit-after-cleanup` has nothing to say about it, nor any other
 *   rule: in a new listener and in one the file already has;
 * - the listener it adds is the one the add-shutdown-hook codemod adds for the same file (one writer, core/shutdown-hook.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { ROOT, lintAllRules } from '../helpers/lint-all.js';
import { describe, expect, it } from 'vitest';
import addShutdownHook from '../../codemods/add-shutdown-hook/transform.js';

const root = ROOT;

function lint(code: string, filename: string, settings: Record<string, unknown> = {}): Linter.LintMessage[] {
  return lintAllRules(code, filename, settings);
}

/** Every rule on `code` as the file at the absolute path `filename`. */
const lintAt = lintAllRules;

/** The text after applying the one suggestion of the one require-sigterm-cleanup finding of `code`. */
function applySuggestion(code: string, filename: string, settings?: Record<string, unknown>): string {
  const findings = lint(code, filename, settings).filter((m) => m.ruleId === 'lambda-shutdown/require-sigterm-cleanup');
  expect(findings).toHaveLength(1);
  const [suggestion] = findings[0]!.suggestions ?? [];
  expect(suggestion).toBeDefined();
  const { range, text } = suggestion!.fix;
  return code.slice(0, range[0]) + text + code.slice(range[1]);
}

/** A handler module holding one socket or stream at module scope: how it is made, and how a handler uses it. */
const SOCKETS: Record<string, { readonly code: string; readonly close: string }> = {
  'node:net connect()': {
    code: `import net from 'node:net';\nconst socket = net.connect(8125, 'statsd.internal');\nexport const handler = async () => socket.write('hits:1|c');\n`,
    close: 'await new Promise((resolve) => socket.end(resolve));',
  },
  'node:net createConnection()': {
    code: `import { createConnection } from 'net';\nconst socket = createConnection({ host: 'graphite.internal', port: 2003 });\nexport const handler = async () => socket.write('lambda.invocations 1');\n`,
    close: 'await new Promise((resolve) => socket.end(resolve));',
  },
  'node:net new Socket()': {
    code: `import { Socket } from 'node:net';\nconst socket = new Socket();\nsocket.connect(2003, 'graphite.internal');\nexport const handler = async () => socket.write('lambda.invocations 1');\n`,
    close: 'await new Promise((resolve) => socket.end(resolve));',
  },
  'node:tls connect()': {
    code: `import tls from 'node:tls';\nconst socket = tls.connect(443, 'logs.example.com');\nexport const handler = async (event: unknown) => socket.write(JSON.stringify(event));\n`,
    close: 'await new Promise((resolve) => socket.end(resolve));',
  },
  'node:tls new TLSSocket()': {
    code: `import { TLSSocket } from 'node:tls';\nconst socket = new TLSSocket(null as never, { rejectUnauthorized: true });\nexport const handler = async () => socket.write('ping');\n`,
    close: 'await new Promise((resolve) => socket.end(resolve));',
  },
  'node:dgram createSocket()': {
    code: `import dgram from 'node:dgram';\nconst statsd = dgram.createSocket('udp4');\nexport const handler = async () => statsd.send('hits:1|c', 8125, 'localhost');\n`,
    close: 'await new Promise((resolve) => statsd.close(resolve));',
  },
  'node:fs createWriteStream()': {
    code: `import { createWriteStream } from 'node:fs';\nconst audit = createWriteStream('/tmp/audit.log', { flags: 'a' });\nexport const handler = async (event: unknown) => audit.write(JSON.stringify(event));\n`,
    close: 'await new Promise((resolve) => audit.end(resolve));',
  },
};

describe('require-sigterm-cleanup: the suggestion for a socket or stream waits for its close', () => {
  for (const [name, { code, close }] of Object.entries(SOCKETS)) {
    it(`${name}: a new listener, and every rule is clean after it`, () => {
      const fixed = applySuggestion(code, 'src/handler.ts');
      expect(fixed).toContain(`  ${close}\n`);
      expect(lint(fixed, 'src/handler.ts')).toEqual([]);
    });

    it(`${name}: platform 'container', and every rule is clean after it`, () => {
      const settings = { platform: 'container' };
      const fixed = applySuggestion(code, 'src/handler.ts', settings);
      expect(fixed).toContain(`  ${close}\n  process.exit(0);\n`);
      expect(lint(fixed, 'src/handler.ts', settings)).toEqual([]);
    });

    it(`${name}: added to the file's listener, and every rule is clean after it`, () => {
      const listener = `process.once('SIGTERM', async () => {\n  console.info('shutting down');\n  process.removeAllListeners('SIGTERM');\n  process.kill(process.pid, 'SIGTERM');\n});\n`;
      const fixed = applySuggestion(code + listener, 'src/handler.ts');
      expect(fixed).toContain(`process.once('SIGTERM', async () => {\n  ${close}\n  console.info('shutting down');\n`);
      expect(lint(fixed, 'src/handler.ts')).toEqual([]);
    });
  }
});

/**
 * The suggestion and add-shutdown-hook write one listener: for every add-shutdown-hook fixture with one unclosed
 * resource, no listener yet and nothing else to fix, the suggestion's output is the codemod's output.
 */
describe('require-sigterm-cleanup: the suggested listener is the one add-shutdown-hook writes', () => {
  const dir = path.join(root, 'test/codemods/__fixtures__/add-shutdown-hook');
  const SETTINGS: Record<string, Record<string, unknown>> = { 'container-platform': { platform: 'container' } };
  const inputs = readdirSync(dir).filter((f) => /\.input\.\w+$/.test(f)).sort();
  const compared: string[] = [];
  for (const file of inputs) {
    const name = file.replace(/\.input\.\w+$/, '');
    const filename = path.join(dir, file);
    const code = readFileSync(filename, 'utf8');
    const settings = SETTINGS[name] ?? {};
    const messages = lintAt(code, filename, settings);
    const findings = messages.filter((m) => m.ruleId === 'lambda-shutdown/require-sigterm-cleanup');
    const others = messages.filter((m) => m.ruleId === 'lambda-shutdown/exit-after-cleanup' || m.ruleId === 'lambda-shutdown/no-process-exit-in-sigterm-listener');
    if (findings.length !== 1 || others.length > 0 || code.includes('SIGTERM')) continue;
    compared.push(name);
    it(name, () => {
      const hooked = addShutdownHook({ path: filename, source: code }, {}, { settings });
      const [suggestion] = findings[0]!.suggestions ?? [];
      // no suggestion where the codemod writes no listener either (a close it cannot name)
      if (!suggestion) return void expect(hooked).toBe(code);
      // ESLint's ranges are in the text without its byte order mark, which a fix keeps
      const bom = code.startsWith('\uFEFF') ? '\uFEFF' : '';
      const text = code.slice(bom.length);
      const { range } = suggestion.fix;
      expect(bom + text.slice(0, range[0]) + suggestion.fix.text + text.slice(range[1])).toBe(hooked);
    });
  }
  it('compares at least ten fixtures', () => expect(compared.length).toBeGreaterThanOrEqual(10));
});
