/**
 * A small language-server client for the editor tests: it starts `vscode-eslint-language-server` (from
 * vscode-langservers-extracted) over stdio and talks JSON-RPC to it through vscode-jsonrpc, answering the requests
 * the server sends back the way VS Code's ESLint extension does (workspace/configuration, workspace/applyEdit,
 * window/workDoneProgress/create, …). Open documents are kept here too, so that a WorkspaceEdit the server asks
 * for is applied to the text the client owns, as an editor does.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotificationType, RequestType, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node.js';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';

// ---------------------------------------------------------------------------------------------------------------
// The part of the protocol these tests use (LSP 3.17)
// ---------------------------------------------------------------------------------------------------------------

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: 1 | 2 | 3 | 4;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface TextDocumentEdit {
  textDocument: { uri: string; version: number | null };
  edits: TextEdit[];
}
export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: TextDocumentEdit[];
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  command?: Command;
}
interface WorkspaceFolder {
  uri: string;
  name: string;
}
type DocumentDiagnosticReport = { kind: 'full'; resultId?: string; items: Diagnostic[] } | { kind: 'unchanged'; resultId: string };
type ContentChange = { text: string } | { range: Range; text: string };

const Initialize = new RequestType<
  { processId: number; clientInfo: { name: string }; rootUri: string; workspaceFolders: WorkspaceFolder[]; capabilities: object; initializationOptions?: object },
  { capabilities: { diagnosticProvider?: object; codeActionProvider?: object; executeCommandProvider?: { commands: string[] } } },
  void
>('initialize');
const Initialized = new NotificationType<object>('initialized');
const Shutdown = new RequestType<undefined, null, void>('shutdown');
const Exit = new NotificationType<undefined>('exit');
const DidOpen = new NotificationType<{ textDocument: { uri: string; languageId: string; version: number; text: string } }>('textDocument/didOpen');
const DidChange = new NotificationType<{ textDocument: { uri: string; version: number }; contentChanges: ContentChange[] }>('textDocument/didChange');
const DidClose = new NotificationType<{ textDocument: { uri: string } }>('textDocument/didClose');
const PullDiagnostics = new RequestType<{ textDocument: { uri: string } }, DocumentDiagnosticReport, void>('textDocument/diagnostic');
const CodeActions = new RequestType<
  { textDocument: { uri: string }; range: Range; context: { diagnostics: Diagnostic[]; only?: string[]; triggerKind?: 1 | 2 } },
  (Command | CodeAction)[] | null,
  void
>('textDocument/codeAction');
const ExecuteCommand = new RequestType<{ command: string; arguments?: unknown[] }, unknown, void>('workspace/executeCommand');
// Server → client
const Configuration = new RequestType<{ items: { scopeUri?: string; section?: string }[] }, (ESLintServerSettings | null)[], void>('workspace/configuration');
const ApplyEdit = new RequestType<{ label?: string; edit: WorkspaceEdit }, { applied: boolean; failureReason?: string }, void>('workspace/applyEdit');
const WorkDoneProgressCreate = new RequestType<{ token: string | number }, null, void>('window/workDoneProgress/create');
const RegisterCapability = new RequestType<{ registrations: { id: string; method: string }[] }, null, void>('client/registerCapability');
const DiagnosticRefresh = new RequestType<undefined, null, void>('workspace/diagnostic/refresh');
const LogMessage = new NotificationType<{ type: number; message: string }>('window/logMessage');
const ShowMessage = new NotificationType<{ type: number; message: string }>('window/showMessage');
// vscode-eslint's own messages (shared/customMessages.ts). The first three mean the server could not run ESLint.
const NoLibrary = new RequestType<{ source: { uri: string } }, object, void>('eslint/noLibrary');
const NoConfig = new RequestType<{ message: string; document: { uri: string } }, object, void>('eslint/noConfig');
const ProbeFailed = new RequestType<{ textDocument: { uri: string } }, object, void>('eslint/probeFailed');
const ConfirmExecution = new RequestType<object, number, void>('eslint/confirmESLintExecution');
const OpenDoc = new RequestType<{ url: string }, object, void>('eslint/openDoc');
const Status = new NotificationType<{ uri: string; state: 1 | 2 | 3; validationTime?: number }>('eslint/status');
const ExitCalled = new NotificationType<[string, string]>('eslint/exitCalled');
const ShowOutputChannel = new NotificationType<undefined>('eslint/showOutputChannel');

// ---------------------------------------------------------------------------------------------------------------
// The settings the server asks for
// ---------------------------------------------------------------------------------------------------------------

/**
 * vscode-eslint's `ConfigurationSettings` ($shared/settings.ts), the answer to a `workspace/configuration` request
 * with `section: ''` for a document, filled in the way the extension's `readConfiguration` does for a validated
 * file with default settings.
 */
export interface ESLintServerSettings {
  validate: 'on' | 'off' | 'probe';
  packageManager: 'npm' | 'yarn' | 'pnpm';
  useESLintClass: boolean;
  useFlatConfig?: boolean;
  useRealpaths: boolean;
  experimental: { useFlatConfig: boolean };
  codeAction: {
    disableRuleComment: { enable: boolean; location: 'separateLine' | 'sameLine'; commentStyle: 'line' | 'block' };
    showDocumentation: { enable: boolean };
  };
  codeActionOnSave: { mode: 'all' | 'problems'; rules?: string[] };
  format: boolean;
  quiet: boolean;
  onIgnoredFiles: 'off' | 'warn' | 'error';
  options: object;
  rulesCustomizations: { rule: string; severity: string }[];
  run: 'onType' | 'onSave';
  problems: { shortenToSingleLine: boolean };
  nodePath: string | null;
  workspaceFolder: WorkspaceFolder | undefined;
  workingDirectory: { mode: 'auto' | 'location' } | { directory: string; '!cwd'?: boolean } | undefined;
}

export function serverSettings(workspaceFolder: WorkspaceFolder): ESLintServerSettings {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    // ESLint ≥ 9 reads flat config through `loadESLint({ useFlatConfig })`. `experimental.useFlatConfig` must stay
    // false: when true the server imports FlatESLint from `eslint/use-at-your-own-risk`, which ESLint 10 no longer
    // exports. (This server build reads `experimental.useFlatConfig` without a guard, so it must be present.)
    useFlatConfig: true,
    useRealpaths: false,
    experimental: { useFlatConfig: false },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    // null: resolve `eslint` from the file's folder upwards, as for a project that installs it.
    nodePath: null,
    workspaceFolder,
    // The folder of the nearest flat config file, as VS Code does by default.
    workingDirectory: { mode: 'location' },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Text documents
// ---------------------------------------------------------------------------------------------------------------

/** UTF-16 offset of an LSP position (JavaScript strings index UTF-16 code units, as LSP positions count by default). */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) throw new Error(`line ${position.line} is past the end of the document (${line + 1} lines)`);
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const lineLength = (lineEnd === -1 ? text.length : lineEnd) - offset;
  if (position.character > lineLength) throw new Error(`character ${position.character} is past the end of line ${position.line} (${lineLength} characters)`);
  return offset + position.character;
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function textAt(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Applies LSP text edits (all relative to the same text, non-overlapping) the way an editor does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits
    .map((edit, index) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, index }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i]!.start < resolved[i - 1]!.end) throw new Error('overlapping text edits');
  }
  let out = text;
  for (const edit of resolved.reverse()) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);

/** bin/vscode-eslint-language-server of the installed vscode-langservers-extracted. */
export function languageServerBin(): string {
  const pkg = require.resolve('vscode-langservers-extracted/package.json');
  const { bin } = require(pkg) as { bin: Record<string, string> };
  const rel = bin['vscode-eslint-language-server'];
  if (!rel) throw new Error('vscode-langservers-extracted has no vscode-eslint-language-server bin');
  return path.join(path.dirname(pkg), rel);
}

export interface ServerEvent {
  kind: 'log' | 'showMessage' | 'status' | 'unexpected' | 'failure' | 'exit';
  text: string;
}

export class EslintLanguageClient {
  readonly events: ServerEvent[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  readonly appliedEdits: { label?: string; edit: WorkspaceEdit }[] = [];
  private stderr = '';
  private readonly documents = new Map<string, OpenDocument>();
  private readonly exited: Promise<never>;
  private readonly connection: MessageConnection;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly workspace: WorkspaceFolder,
    private readonly requestTimeoutMs: number,
  ) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise<never>((_, reject) => {
      child.on('error', (error) => reject(this.failure(`could not start the language server: ${error.message}`)));
      child.on('exit', (code, signal) => {
        this.events.push({ kind: 'exit', text: `exited with ${signal ?? code}` });
        reject(this.failure(`the language server exited (${signal ?? `code ${code}`})`));
      });
    });
    // Keep a server that dies between requests from becoming an unhandled rejection; requests race against it.
    this.exited.catch(() => {});

    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onError(([error]) => this.events.push({ kind: 'failure', text: `JSON-RPC error: ${error.message}` }));
    this.answerServerRequests();
    this.connection.listen();
  }

  /** Starts the server with the workspace folder as its cwd and initializes it. */
  static async start(workspaceDir: string, { requestTimeoutMs = 15_000 } = {}): Promise<EslintLanguageClient> {
    const child = spawn(process.execPath, [languageServerBin(), '--stdio'], { cwd: workspaceDir, stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '' } });
    const workspace = { uri: pathToFileURL(workspaceDir).href, name: path.basename(workspaceDir) };
    const client = new EslintLanguageClient(child, workspace, requestTimeoutMs);
    const init = await client.request('initialize', () =>
      client.connection.sendRequest(Initialize, {
        processId: process.pid,
        clientInfo: { name: 'eslint-plugin-lambda-shutdown editor test' },
        rootUri: workspace.uri,
        workspaceFolders: [workspace],
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            applyEdit: true,
            workspaceEdit: { documentChanges: true },
            didChangeConfiguration: { dynamicRegistration: false },
            executeCommand: { dynamicRegistration: false },
            diagnostics: { refreshSupport: true },
          },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: true, willSave: false, willSaveWaitUntil: false },
            diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
            publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
            codeAction: {
              dynamicRegistration: false,
              isPreferredSupport: true,
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll', 'source.fixAll.eslint'] } },
            },
          },
          window: { workDoneProgress: true, showMessage: {} },
        },
      }),
    );
    if (!init.capabilities.diagnosticProvider) throw client.failure('the server offers no pull diagnostics (textDocument/diagnostic)');
    await client.connection.sendNotification(Initialized, {});
    return client;
  }

  /** Every server → client request and notification vscode-eslint sends, answered as its VS Code client does. */
  private answerServerRequests(): void {
    const c = this.connection;
    c.onRequest(Configuration, ({ items }) => {
      this.configurationRequests.push(...items);
      // The extension answers only document-scoped requests for the whole `eslint` section; anything else gets null.
      return items.map((item) => (item.section || !item.scopeUri ? null : serverSettings(this.workspace)));
    });
    c.onRequest(ApplyEdit, (params) => {
      try {
        this.applyWorkspaceEdit(params.edit);
        this.appliedEdits.push(params);
        return { applied: true };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.events.push({ kind: 'failure', text: `workspace/applyEdit failed: ${reason}` });
        return { applied: false, failureReason: reason };
      }
    });
    c.onRequest(WorkDoneProgressCreate, () => null);
    c.onRequest(RegisterCapability, () => null);
    c.onRequest(DiagnosticRefresh, () => null);
    const cannotRun = (what: string) => (params: object) => {
      this.events.push({ kind: 'failure', text: `${what}: ${JSON.stringify(params)}` });
      return {};
    };
    c.onRequest(NoLibrary, cannotRun('eslint/noLibrary (the server found no eslint library)'));
    c.onRequest(NoConfig, cannotRun('eslint/noConfig (the server found no ESLint configuration)'));
    c.onRequest(ProbeFailed, cannotRun('eslint/probeFailed (ESLint could not lint the probed document)'));
    // Older servers ask before running a workspace's ESLint; 4 = ConfirmExecutionResult.approved.
    c.onRequest(ConfirmExecution, () => 4);
    c.onRequest(OpenDoc, () => ({}));
    c.onNotification(LogMessage, ({ type, message }) => this.events.push({ kind: 'log', text: `[${['', 'error', 'warning', 'info', 'log', 'debug'][type] ?? type}] ${message}` }));
    c.onNotification(ShowMessage, ({ message }) => this.events.push({ kind: 'showMessage', text: message }));
    c.onNotification(Status, ({ uri, state, validationTime }) => {
      this.events.push({ kind: state === 1 ? 'status' : 'failure', text: `eslint/status ${['', 'ok', 'warn', 'error'][state]} ${uri}${validationTime === undefined ? '' : ` (${validationTime} ms)`}` });
    });
    c.onNotification(ExitCalled, ([file, stack]) => this.events.push({ kind: 'failure', text: `eslint/exitCalled from ${file}\n${stack}` }));
    c.onNotification(ShowOutputChannel, () => this.events.push({ kind: 'failure', text: 'eslint/showOutputChannel (the server reports an error)' }));
    c.onNotification('$/progress', () => {});
    c.onNotification('$/logTrace', () => {});
    c.onNotification('telemetry/event', () => {});
    c.onRequest((method, params) => {
      this.events.push({ kind: 'unexpected', text: `request ${method} ${JSON.stringify(params)}` });
      return null;
    });
    c.onNotification((method, params) => this.events.push({ kind: 'unexpected', text: `notification ${method} ${JSON.stringify(params)}` }));
  }

  /** An Error carrying what the server said: its stderr and its log, for a failing test. */
  failure(message: string): Error {
    const log = this.events.map((e) => `  ${e.kind}: ${e.text}`).join('\n');
    return new Error(`${message}\n--- server events ---\n${log || '  (none)'}\n--- server stderr ---\n${this.stderr.trim() || '  (empty)'}`);
  }

  /** Failures the server reported (noLibrary, probeFailed, status error, …), as one text; '' when there were none. */
  reportedFailures(): string {
    return this.events
      .filter((e) => e.kind === 'failure' || e.kind === 'unexpected' || (e.kind === 'log' && e.text.startsWith('[error]')))
      .map((e) => e.text)
      .join('\n');
  }

  private async request<T>(what: string, send: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`${what}: no answer within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
    });
    try {
      return await Promise.race([
        send().catch((error: unknown) => {
          throw this.failure(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
        }),
        this.exited,
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  document(uri: string): OpenDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  async open(filePath: string, languageId: string, text: string): Promise<string> {
    const uri = pathToFileURL(filePath).href;
    this.documents.set(uri, { uri, languageId, version: 1, text });
    await this.connection.sendNotification(DidOpen, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends the document's whole new text (what an editor does after applying a multi-edit WorkspaceEdit). */
  async replaceText(uri: string, text: string): Promise<void> {
    const doc = this.document(uri);
    doc.text = text;
    doc.version++;
    await this.connection.sendNotification(DidChange, { textDocument: { uri, version: doc.version }, contentChanges: [{ text }] });
  }

  /** One incremental change (typing or pasting at `range`). */
  async edit(uri: string, range: Range, text: string): Promise<void> {
    const doc = this.document(uri);
    doc.text = applyTextEdits(doc.text, [{ range, newText: text }]);
    doc.version++;
    await this.connection.sendNotification(DidChange, { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text }] });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidClose, { textDocument: { uri } });
  }

  /** Pull diagnostics (the server has no push diagnostics: it answers `textDocument/diagnostic`). */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.request(`textDocument/diagnostic ${uri}`, () => this.connection.sendRequest(PullDiagnostics, { textDocument: { uri } }));
    if (report.kind !== 'full') throw this.failure(`expected a full diagnostic report, got ${JSON.stringify(report)}`);
    return report.items;
  }

  async codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = await this.request(`textDocument/codeAction ${uri}`, () =>
      this.connection.sendRequest(CodeActions, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind: 1 } }),
    );
    // A bare Command has a string `command`; a CodeAction's `command` is a Command object.
    return (actions ?? []).map((a) => (typeof a.command === 'string' ? { title: a.title, command: a as Command } : (a as CodeAction)));
  }

  /**
   * Runs a code action as an editor does: applies its edit, then runs its command (vscode-eslint's actions carry
   * only a command; the server answers it with a `workspace/applyEdit` request, applied by the handler above).
   * Returns the WorkspaceEdits applied on the way.
   */
  async run(action: CodeAction): Promise<WorkspaceEdit[]> {
    const before = this.appliedEdits.length;
    if (action.edit) {
      this.applyWorkspaceEdit(action.edit);
      this.appliedEdits.push({ edit: action.edit });
    }
    const command = action.command;
    if (command) {
      await this.request(`workspace/executeCommand ${command.command}`, () =>
        this.connection.sendRequest(ExecuteCommand, { command: command.command, ...(command.arguments ? { arguments: command.arguments } : {}) }),
      );
    }
    return this.appliedEdits.slice(before).map((e) => e.edit);
  }

  private applyWorkspaceEdit(edit: WorkspaceEdit): void {
    const perDocument: [string, number | null, TextEdit[]][] = [
      ...(edit.documentChanges ?? []).map((c): [string, number | null, TextEdit[]] => [c.textDocument.uri, c.textDocument.version, c.edits]),
      ...Object.entries(edit.changes ?? {}).map(([uri, edits]): [string, number | null, TextEdit[]] => [uri, null, edits]),
    ];
    for (const [uri, version, edits] of perDocument) {
      const doc = this.document(uri);
      if (version !== null && version !== doc.version) throw new Error(`edit for version ${version} of ${uri}, which is at version ${doc.version}`);
      // The editor changes its buffer; the tests send the didChange themselves, as an editor would right after.
      doc.text = applyTextEdits(doc.text, edits);
    }
  }

  /** Text of an open document after the applied edits, to send with `replaceText`. */
  text(uri: string): string {
    return this.document(uri).text;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await Promise.race([this.connection.sendRequest(Shutdown, undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
        await this.connection.sendNotification(Exit, undefined);
      } catch {
        // the server is going away anyway
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 3000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    this.connection.dispose();
  }
}
