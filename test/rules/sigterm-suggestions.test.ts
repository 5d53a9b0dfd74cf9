/**
 * What `require-sigterm-cleanup`'s suggestion leaves behind, checked with every rule of the plugin on:
 * - for sockets and streams (a close that returns before its work is done and calls back when it is), the listener
 *   the suggestion writes waits for that callback, so `exit-after-cleanup` has nothing to say about it, nor any other
 *   rule: in a new listener and in one the file already has.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ALL_RULES = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`lambda-shutdown/${name}`, 'error' as const]));

function lint(code: string, filename: string, settings: Record<string, unknown> = {}): Linter.LintMessage[] {
  return new Linter({ cwd: root }).verify(
    code,
    [
      {
        files: ['**/*.{js,mjs,cjs,ts}'],
        languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { 'lambda-shutdown': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: ALL_RULES,
        settings: { 'lambda-shutdown': settings },
      },
    ],
    { filename: path.join(root, filename) },
  );
}

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
