/**
 * `require-sigterm-cleanup` with type information (`configs['recommended-type-checked']`): module-scope resources
 * recognised by their type, in the fixture project test/fixtures/typed (a class of the project's own that wraps a
 * socket, a driver the catalog does not know in node_modules/some-db, pg's Pool re-exported as `Db` by db.ts, an
 * AWS-SDK-like client in node_modules/@aws-sdk/client-fake).
 *
 * The same files without type information (or with it, and `typedResources` off) give no finding: the last suite.
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-sigterm-cleanup.js';
import type { MessageIds, Options } from '../../rules/require-sigterm-cleanup.js';
import { ruleTester, typedFile, typedRuleTester } from './tester.js';

const filename = typedFile();

function data(name: string, library: string, label: string, close: string, where = 'opened at module scope') {
  return { name, library, label, where, close };
}

/**
 * `code` with the suggested listener added after line `line` (add-shutdown-hook's listener: a guard, a log line, the
 * close, the re-raise), closing with `close`.
 */
function withListener(code: string, line: number, close: string): string {
  const lines = code.split('\n');
  const name = /^[\w$]+/.exec(close.replace(/^await /, '').replace(/^new Promise\(\(resolve\) => /, ''))![0];
  const listener = ['', "process.once('SIGTERM', async () => {", "  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();", `  console.info('[lambda-shutdown] SIGTERM: closing ${name}');`, `  ${close};`, "  process.removeAllListeners('SIGTERM');", "  process.kill(process.pid, 'SIGTERM');", '});'];
  // a blank line on either side
  if (lines[line] !== '' && line < lines.length) listener.push('');
  lines.splice(line, 0, ...listener);
  return lines.join('\n');
}

/**
 * An invalid case with one finding at `line`:`column` (the declaration is on that line), whose suggestion adds a
 * listener after it that closes the resource as the message says.
 */
function oneFinding(
  test: { name: string; code: string; settings?: Record<string, unknown> },
  d: ReturnType<typeof data>,
  line: number,
  column: number,
): InvalidTestCase<MessageIds, Options> {
  const close = d.where === 'cached at module scope' ? d.close.replace('.', '?.') : d.close;
  return {
    ...test,
    filename,
    errors: [{ messageId: 'missingSigtermCleanup', data: d, line, column, suggestions: [{ messageId: 'addListener', output: withListener(test.code, line, close) }] }],
  };
}

/** The rendered message of one finding, pinned once. */
const MESSAGE_CLIENT =
  '`client` (./socket-client.ts SocketClient) is opened at module scope and no SIGTERM listener closes it. ' +
  'When Lambda shuts the environment down its connections are cut and buffered data is lost; a SIGTERM listener gets 300–500 ms to close it, and only runs when an extension is registered. ' +
  "Close it with `await client.close()` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process.";

const socketClient = `import { SocketClient } from './socket-client.js';
const client = new SocketClient('localhost', 4000);
export const handler = async () => client.send('ping');
`;

const someDbConnection = `import { connect } from 'some-db';
const conn = await connect({ host: 'db' });
export const handler = async () => conn.query('select 1');
`;

const reexportedPool = `import { Db } from './db.js';
const db = new Db({ max: 1 });
export const handler = async () => (await db.query('select 1')).rows;
`;

const disposableSession = `import { openSession } from 'some-db';
const session = await openSession({ host: 'db' });
export const handler = async () => session.run('select 1');
`;

const valid: ValidTestCase<Options>[] = [
  // ───────────────────────── closed in a SIGTERM listener ─────────────────────────
  {
    name: 'a project class wrapping a socket, closed with its close() in the listener',
    filename,
    code: `import { SocketClient } from './socket-client.js';
const client = new SocketClient('localhost', 4000);
process.once('SIGTERM', async () => {
  await client.close();
  process.exit(0);
});
export const handler = async () => client.send('ping');
`,
  },
  {
    name: 'a some-db connection closed with destroy() (a hard close counts too)',
    filename,
    code: `import { connect } from 'some-db';
const conn = await connect({ host: 'db' });
process.once('SIGTERM', () => {
  conn.destroy();
  process.exit(0);
});
export const handler = async () => conn.query('select 1');
`,
  },
  {
    name: 'a disposable-only session closed through [Symbol.asyncDispose]() in the listener',
    filename,
    code: `import { openSession } from 'some-db';
const session = await openSession({ host: 'db' });
process.once('SIGTERM', async () => {
  await session[Symbol.asyncDispose]();
  process.exit(0);
});
export const handler = async () => session.run('select 1');
`,
  },

  // ───────────────────────── denied by default ─────────────────────────
  {
    name: 'an AWS SDK client (its destroy() is optional hygiene), although it holds a keep-alive agent',
    filename,
    code: `import { FakeClient } from '@aws-sdk/client-fake';
const client = new FakeClient({ region: 'eu-west-1' });
export const handler = async () => client.send({});
`,
  },
  {
    name: 'a plain event emitter with a close() of its own',
    filename,
    code: `import { EventEmitter } from 'node:events';
class Bus extends EventEmitter {
  close(): void {
    this.removeAllListeners();
  }
}
const bus = new Bus();
export const handler = async () => bus.emit('invoked');
`,
  },
  {
    name: 'an in-memory stream (end() and destroy(), no handle)',
    filename,
    code: `import { PassThrough } from 'node:stream';
const log = new PassThrough();
export const handler = async () => log.write('invoked');
`,
  },
  {
    name: 'a timer (close() and [Symbol.dispose], no connection)',
    filename,
    code: `const heartbeat = setInterval(() => undefined, 60_000);
export const handler = async () => heartbeat.hasRef();
`,
  },

  // ───────────────────────── closable, but not a connection ─────────────────────────
  {
    name: "a library type with close() that holds no connection (some-db's ResultSet)",
    filename,
    code: `import { query } from 'some-db';
const results = query({ host: 'db' }, 'select 1');
export const handler = async () => results.rows;
`,
  },
  {
    name: 'a wrapper of a socket someone else created (new Framer(socket)): the socket is the resource',
    filename,
    code: `import net from 'node:net';
import { Framer } from './socket-client.js';
const socket = net.connect(4000);
const framer = new Framer(socket);
process.once('SIGTERM', () => {
  socket.end();
  process.exit(0);
});
export const handler = async () => framer.frame('ping');
`,
  },
  {
    name: 'a project class that is handed an existing pool (new Repository(pool)) and a closable class that holds nothing',
    filename,
    code: `import { Pool } from 'pg';
class Repository {
  constructor(private readonly pool: Pool) {}
  async end(): Promise<void> {
    await this.pool.end();
  }
}
class Memo {
  private readonly entries = new Map<string, string>();
  close(): void {
    this.entries.clear();
  }
}
const pool = new Pool();
const orders = new Repository(pool);
const memo = new Memo();
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => [orders, memo];
`,
  },

  // ───────────────────────── ownership the analysis cannot see ─────────────────────────
  {
    name: 'a connection from a function of another project module (it may be shared and closed there)',
    filename,
    code: `import { openConnection } from './connections.js';
const conn = await openConnection();
export const handler = async () => conn.query('select 1');
`,
  },
  {
    name: 'a module that is not a handler module',
    filename: typedFile('lib.ts'),
    code: `import { SocketClient } from './socket-client.js';
const client = new SocketClient('localhost', 4000);
export const send = (line: string) => client.send(line);
`,
  },

  // ───────────────────────── settings ─────────────────────────
  {
    name: 'typedResources.deny: a type never to report',
    filename,
    code: someDbConnection,
    settings: { 'lambda-shutdown': { typedResources: { deny: ['some-db#Connection'] } } },
  },
  {
    name: 'typedResources.deny: a bare name, and a module pattern',
    filename,
    code: `${socketClient}import { connect } from 'some-db';\nconst conn = await connect({ host: 'db' });\nexport const read = () => conn;\n`,
    settings: { 'lambda-shutdown': { typedResources: { deny: ['SocketClient', 'some-*#*'] } } },
  },
  {
    name: 'typedResources off: type information present, nothing recognised by type',
    filename,
    code: socketClient,
    settings: { 'lambda-shutdown': { typedResources: false } },
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────────────────────── the message, pinned once ─────────────────────────
  {
    name: 'the rendered message for a project class that wraps a net.Socket',
    filename,
    code: socketClient,
    errors: [
      {
        message: MESSAGE_CLIENT,
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 51,
        suggestions: [{ messageId: 'addListener', output: withListener(socketClient, 2, 'await client.close()') }],
      } as unknown as TestCaseError<MessageIds>,
    ],
  },

  // ───────────────────────── what is recognised ─────────────────────────
  // Exported, but no SIGTERM listener of the project (the module graph is read from the cwd) closes it: the module that
  // creates it owns its shutdown.
  oneFinding(
    {
      name: 'an exported resource that no module of the graph closes',
      code: `import { SocketClient } from './socket-client.js';
export const client = new SocketClient('localhost', 4000);
export const handler = async () => client.send('ping');
`,
    },
    data('client', './socket-client.ts', 'SocketClient', 'await client.close()'),
    2,
    23,
  ),
  {
    name: 'a connection of a driver the catalog does not know (its type holds a net.Socket)',
    filename,
    code: someDbConnection,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: data('conn', 'some-db', 'Connection', 'await conn.end()'),
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'conn' },
            output: `import { connect } from 'some-db';
const conn = await connect({ host: 'db' });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing conn');
  await conn.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => conn.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: "pg's Pool re-exported under another name through a project module: the catalog's own entry",
    filename,
    code: reexportedPool,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: data('db', 'pg', 'Pool', 'await db.end()'),
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 30,
        suggestions: [{ messageId: 'addListener', output: withListener(reexportedPool, 2, 'await db.end()') }],
      },
    ],
  },
  oneFinding(
    { name: 'a value whose only close is [Symbol.asyncDispose]', code: disposableSession },
    data('session', 'some-db', 'Session', 'await session[Symbol.asyncDispose]()'),
    2,
    23,
  ),
  oneFinding(
    {
      name: 'a class of this file that holds a pg Pool in a field (the catalog sees the Pool, but not who owns it)',
      code: `import { Pool } from 'pg';
class Database {
  private readonly pool = new Pool({ max: 1 });
  query(sql: string) {
    return this.pool.query(sql);
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}
const database = new Database();
export const handler = async () => database.query('select 1');
`,
    },
    data('database', './handler.ts', 'Database', 'await database.close()'),
    11,
    18,
  ),
  oneFinding(
    {
      name: "a class extending pg's Pool is a pg Pool",
      code: `import { Pool } from 'pg';
class ReadReplica extends Pool {}
const replica = new ReadReplica();
export const handler = async () => replica.query('select 1');
`,
    },
    data('replica', 'pg', 'Pool', 'await replica.end()'),
    3,
    17,
  ),
  oneFinding(
    {
      name: 'a class of this file with an ES private socket field, closed through [Symbol.asyncDispose]',
      code: `import net from 'node:net';
class Tunnel {
  #socket = net.connect(2222);
  async [Symbol.asyncDispose](): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.end(resolve));
  }
}
const tunnel = new Tunnel();
export const handler = async () => tunnel;
`,
    },
    data('tunnel', './handler.ts', 'Tunnel', 'await tunnel[Symbol.asyncDispose]()'),
    8,
    16,
  ),
  oneFinding(
    {
      name: "a Node socket from a library helper the catalog does not know: closed as the catalog closes sockets",
      code: `import { openSocket } from 'some-db';
const socket = openSocket({ host: 'db' });
export const handler = async () => socket.write('ping');
`,
    },
    data('socket', 'node:net', 'Socket', 'await new Promise((resolve) => socket.end(resolve))'),
    2,
    16,
  ),
  {
    name: 'a lazily-initialised module cache of a some-db connection',
    filename,
    code: `import { connect } from 'some-db';
import type { Connection } from 'some-db';
let conn: Connection | undefined;
export const handler = async () => {
  conn ??= await connect({ host: 'db' });
  return conn.query('select 1');
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: data('conn', 'some-db', 'Connection', 'await conn.end()', 'cached at module scope'),
        line: 5,
        column: 18,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { connect } from 'some-db';
import type { Connection } from 'some-db';
let conn: Connection | undefined;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing conn');
  await conn?.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  conn ??= await connect({ host: 'db' });
  return conn.query('select 1');
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a pool of the driver, closed by a listener that forgets the other resource',
    filename,
    code: `import { ConnectionPool, connect } from 'some-db';
const pool = new ConnectionPool({ host: 'db' });
const audit = await connect({ host: 'audit' });
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => audit.query('select 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: data('audit', 'some-db', 'Connection', 'await audit.end()'),
        line: 3,
        column: 21,
        suggestions: [
          {
            messageId: 'addToListener',
            output: `import { ConnectionPool, connect } from 'some-db';
const pool = new ConnectionPool({ host: 'db' });
const audit = await connect({ host: 'audit' });
process.once('SIGTERM', async () => {
  await audit.end();
  await pool.end();
  process.exit(0);
});
export const handler = async () => audit.query('select 1');
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── one finding per resource ─────────────────────────
  oneFinding(
    {
      name: 'a resource the catalog finds is reported once, not again by type',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export const handler = async () => pool.query('select 1');
`,
    },
    data('pool', 'pg', 'Pool', 'await pool.end()'),
    2,
    14,
  ),

  // ───────────────────────── settings ─────────────────────────
  oneFinding(
    {
      name: 'typedResources.allow: a type the built-in deny list has is reported when the user allows it',
      code: `import { FakeClient } from '@aws-sdk/client-fake';
const client = new FakeClient({ region: 'eu-west-1' });
export const handler = async () => client.send({});
`,
      settings: { 'lambda-shutdown': { typedResources: { allow: ['@aws-sdk/client-fake#FakeClient'] } } },
    },
    data('client', '@aws-sdk/client-fake', 'FakeClient', 'client.destroy()'),
    2,
    16,
  ),
  oneFinding(
    {
      name: 'typedResources.allow: a closable type with no visible connection',
      code: `import { query } from 'some-db';
const results = query({ host: 'db' }, 'select 1');
export const handler = async () => results.rows;
`,
      settings: { 'lambda-shutdown': { typedResources: { allow: ['ResultSet'] } } },
    },
    data('results', 'some-db', 'ResultSet', 'results.close()'),
    2,
    17,
  ),
];

typedRuleTester.run('require-sigterm-cleanup (type-aware)', rule, { valid, invalid });

// Without type information the same files are linted as before: the catalog knows none of these resources.
ruleTester.run('require-sigterm-cleanup (the type-aware cases without type information)', rule, {
  valid: [socketClient, someDbConnection, reexportedPool, disposableSession].map((code) => ({
    code,
    filename,
    settings: { 'lambda-shutdown': { typedResources: true } },
  })),
  invalid: [],
});
