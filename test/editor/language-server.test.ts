/**
 * The plugin in an editor: the real ESLint language server (`vscode-eslint-language-server` from
 * vscode-langservers-extracted, the server VS Code's ESLint extension runs, as Neovim, Helix, Zed and Sublime use
 * it) on a workspace whose flat config is `[lambdaShutdown.configs.recommended]`, driven over stdio by a JSON-RPC
 * client (vscode-jsonrpc). It checks what a user sees: diagnostics with rule ids, exact ranges and links to the
 * rule docs, our suggestions among the quick fixes, a diagnostic gone once its suggestion is applied, and a new
 * diagnostic as soon as an edit introduces a problem.
 *
 * Needs the built plugin (dist/): `npm run test:editor` builds first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EslintLanguageClient, positionAt, textAt } from './lsp-client.js';
import type { CodeAction, Diagnostic } from './lsp-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docsUrl = (rule: string) => `https://github.com/lambda-shutdown/eslint-plugin-lambda-shutdown/blob/main/docs/rules/${rule}.md`;

/** A report handler: a module-scope pg Pool nobody closes, and a per-invocation Client closed only on success. */
const HANDLER = `import { Client, Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

interface ReportEvent {
  reportId: string;
}

export const handler = async (event: ReportEvent) => {
  const client = new Client({ connectionString: process.env.REPORTS_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('select * from report_rows where report_id = $1', [event.reportId]);
  await client.end();
  const totals = await pool.query('select count(*) as n from reports');
  return { statusCode: 200, body: JSON.stringify({ rows, total: totals.rows[0] }) };
};
`;

const POOL_MESSAGE =
  '`pool` (pg Pool) is opened at module scope and no SIGTERM listener closes it. ' +
  'When Lambda shuts the environment down its connections are cut and buffered data is lost; a SIGTERM listener gets 300–500 ms to close it, and only runs when an extension is registered. ' +
  "Close it with `await pool.end()` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process.";
const CLIENT_MESSAGE =
  '`client` (pg Client) is closed only when the invocation succeeds. ' +
  'An error thrown before `await client.end()` skips the close, and the Client leaks for the life of the execution environment. ' +
  'Move the close into a `finally` block (or declare it with `await using` where the library supports it).';
const EXIT_MESSAGE =
  '`process.exit()` runs while a handler runs. ' +
  'Lambda fails the invocation with `Runtime.ExitError` and throws the execution environment away, so the next request pays a cold start. ' +
  'Return a response or throw an error instead.';

/** What the server publishes for one of our findings: error severity, source eslint, rule id and docs link. */
function ours(rule: string, range: Diagnostic['range'], message: string): Diagnostic {
  return { message, severity: 1, source: 'eslint', range, code: `lambda-shutdown/${rule}`, codeDescription: { href: docsUrl(rule) } };
}
const range = (startLine: number, startCharacter: number, endLine: number, endCharacter: number): Diagnostic['range'] => ({
  start: { line: startLine, character: startCharacter },
  end: { line: endLine, character: endCharacter },
});
const byPosition = (a: Diagnostic, b: Diagnostic) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/**
 * A workspace as a user has it: eslint.config.mjs importing the plugin by its package name, and node_modules with
 * `eslint` and `eslint-plugin-lambda-shutdown` (links to this repository's eslint and to the package itself, whose
 * exports map points at dist/).
 */
function createWorkspace(): string {
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: run `npm run build` (npm run test:editor does)');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-editor-')));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(root, 'node_modules', 'eslint'), path.join(dir, 'node_modules', 'eslint'), 'dir');
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'eslint-plugin-lambda-shutdown'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'reports-service', private: true, type: 'module' }, null, 2) + '\n');
  fs.writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    "import lambdaShutdown from 'eslint-plugin-lambda-shutdown';\n\nexport default [lambdaShutdown.configs.recommended];\n",
  );
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'handler.ts'), HANDLER);
  return dir;
}

/** Our suggestion among the code actions: vscode-eslint titles it `<suggestion message> (<rule id>)`. */
function suggestion(actions: CodeAction[], title: string): CodeAction {
  const action = actions.find((a) => a.title === title);
  if (!action) throw new Error(`no code action "${title}" among:\n  ${actions.map((a) => a.title).join('\n  ')}`);
  return action;
}

describe('the ESLint language server with configs.recommended', () => {
  let workspace = '';
  let client: EslintLanguageClient | undefined;
  let uri = '';

  const server = (): EslintLanguageClient => {
    if (!client) throw new Error('the language server did not start');
    return client;
  };
  /** Diagnostics after the server reported no failure (no library, no config, probe failed, status error …). */
  const diagnostics = async (): Promise<Diagnostic[]> => {
    const items = await server().diagnostics(uri);
    const failures = server().reportedFailures();
    if (failures) throw server().failure(`the server reported problems:\n${failures}`);
    return [...items].sort(byPosition);
  };

  beforeAll(async () => {
    workspace = createWorkspace();
    client = await EslintLanguageClient.start(workspace);
    uri = await client.open(path.join(workspace, 'src', 'handler.ts'), 'typescript', HANDLER);
  }, 30_000);

  afterAll(async () => {
    await client?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('reports our findings with rule ids, exact ranges and links to the rule docs', async () => {
    const items = await diagnostics();
    expect(items).toEqual([
      ours('require-sigterm-cleanup', range(2, 13, 2, 77), POOL_MESSAGE),
      ours('require-finally-cleanup', range(9, 17, 9, 83), CLIENT_MESSAGE),
    ]);
    expect(textAt(HANDLER, items[0]!.range)).toBe('new Pool({ connectionString: process.env.DATABASE_URL, max: 2 })');
    expect(textAt(HANDLER, items[1]!.range)).toBe('new Client({ connectionString: process.env.REPORTS_DATABASE_URL })');
    // It asked for the settings of this document, and read the flat config from the workspace folder.
    expect(server().configurationRequests).toContainEqual({ scopeUri: uri, section: '' });
  });

  it('offers our suggestions as quick fixes', async () => {
    const [pool, clientDiagnostic] = await diagnostics();
    const poolActions = await server().codeActions(uri, pool!);
    const clientActions = await server().codeActions(uri, clientDiagnostic!);
    expect(poolActions.map((a) => a.title)).toContain('Add a SIGTERM listener that closes `pool` and exits. (lambda-shutdown/require-sigterm-cleanup)');
    expect(clientActions.map((a) => a.title)).toContain('Close `client` in a `finally` block. (lambda-shutdown/require-finally-cleanup)');
    // Next to the server's own actions for the rule (disable it for the line, open its docs).
    expect(clientActions.map((a) => a.title)).toContain('Disable lambda-shutdown/require-finally-cleanup for this line');
    expect(clientActions.map((a) => a.title)).toContain('Show documentation for lambda-shutdown/require-finally-cleanup');
    for (const a of [...poolActions, ...clientActions]) expect(a.kind).toBe('quickfix');
  });

  it('clears a diagnostic once its suggestion is applied and the document sent again', async () => {
    const [, clientDiagnostic] = await diagnostics();
    const action = suggestion(await server().codeActions(uri, clientDiagnostic!), 'Close `client` in a `finally` block. (lambda-shutdown/require-finally-cleanup)');
    // The server answers the action's command with a workspace/applyEdit for the version it linted.
    const edits = await server().run(action);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.documentChanges?.map((c) => c.textDocument)).toEqual([{ uri, version: 1 }]);
    const text = server().text(uri);
    expect(text).toContain('  try {\n    await client.connect();\n');
    expect(text).toContain('  } finally {\n    await client.end();\n  }\n};\n');
    expect(text.match(/await client\.end\(\)/g)).toHaveLength(1);

    await server().replaceText(uri, text);
    expect(await diagnostics()).toEqual([ours('require-sigterm-cleanup', range(2, 13, 2, 77), POOL_MESSAGE)]);

    // The other one: a SIGTERM listener for the pool. Then the file is clean.
    const [pool] = await diagnostics();
    await server().run(suggestion(await server().codeActions(uri, pool!), 'Add a SIGTERM listener that closes `pool` and exits. (lambda-shutdown/require-sigterm-cleanup)'));
    expect(server().text(uri)).toContain(
      "process.once('SIGTERM', async () => {\n  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();\n" +
        "  console.info('[lambda-shutdown] SIGTERM: closing pool');\n  await pool.end();\n  process.removeAllListeners('SIGTERM');\n  process.kill(process.pid, 'SIGTERM');\n});\n",
    );
    await server().replaceText(uri, server().text(uri));
    expect(await diagnostics()).toEqual([]);
  });

  it('reports a problem as soon as an edit introduces it', async () => {
    // Type a guard with process.exit() as the first statement of the handler (one incremental change).
    const before = server().text(uri);
    const handlerLine = 'export const handler = async (event: ReportEvent) => {\n';
    const bodyStart = positionAt(before, before.indexOf(handlerLine) + handlerLine.length);
    expect(bodyStart).toEqual({ line: 17, character: 0 });
    await server().edit(uri, { start: bodyStart, end: bodyStart }, '  if (!event.reportId) process.exit(1);\n');

    const items = await diagnostics();
    expect(items).toEqual([ours('no-process-exit-in-handler', range(17, 23, 17, 38), EXIT_MESSAGE)]);
    expect(textAt(server().text(uri), items[0]!.range)).toBe('process.exit(1)');

    // And it goes away with the edit undone.
    await server().edit(uri, { start: bodyStart, end: { line: bodyStart.line + 1, character: 0 } }, '');
    expect(server().text(uri)).toBe(before);
    expect(await diagnostics()).toEqual([]);
  });

  it('ran without errors from the server', () => {
    expect(server().reportedFailures()).toBe('');
  });
});
