/**
 * `require-finally-cleanup` with type information (`configs['recommended-type-checked']`): per-invocation resources
 * recognised by their type, in the fixture project test/fixtures/typed (see require-sigterm-cleanup.typed.test.ts):
 * a lease of a driver the catalog does not know (`release()`), a project class wrapping a socket, a value closed
 * only through `[Symbol.asyncDispose]`, and a checkout of pg's Pool re-exported under another name.
 *
 * The same files without type information give no finding: the last suite.
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-finally-cleanup.js';
import type { MessageIds, Options } from '../../rules/require-finally-cleanup.js';
import { ruleTester, typedFile, typedRuleTester } from './tester.js';

const filename = typedFile();

const MESSAGE_LEASE =
  '`lease` (some-db PooledConnection) is opened on every invocation and never closed. ' +
  'Each invocation leaks it, and Lambda keeps the leaked PooledConnection open while the environment is frozen and reused, until the environment is killed. ' +
  'Close it with `lease.release()` in a `finally` block (or declare it with `await using` where the library supports it).';

/** A module-scope pool of the driver, closed on SIGTERM, and a handler that leases a connection and never gives it back. */
const leaseNeverReleased = `import { ConnectionPool } from 'some-db';
const pool = new ConnectionPool({ host: 'db' });
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async (event: { id: string }) => {
  const lease = await pool.acquire();
  return lease.query(\`select * from orders where id = '\${event.id}'\`);
};
`;

const socketPerInvocation = `import { SocketClient } from './socket-client.js';
export const handler = async () => {
  const client = new SocketClient('localhost', 4000);
  client.send('ping');
};
`;

const sessionPerInvocation = `import { openSession } from 'some-db';
export const handler = async () => {
  const session = await openSession({ host: 'db' });
  return session.run('select 1');
};
`;

const checkoutOfReexportedPool = `import { Db } from './db.js';
const db = new Db();
process.once('SIGTERM', async () => {
  await db.end();
  process.exit(0);
});
export const handler = async () => {
  const client = await db.connect();
  const { rows } = await client.query('select 1');
  client.release();
  return rows;
};
`;

const valid: ValidTestCase<Options>[] = [
  {
    name: 'a lease released in finally',
    filename,
    code: `import { ConnectionPool } from 'some-db';
const pool = new ConnectionPool({ host: 'db' });
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => {
  const lease = await pool.acquire();
  try {
    return await lease.query('select 1');
  } finally {
    lease.release();
  }
};
`,
  },
  {
    name: 'a lookup of a connection the pool still owns (a synchronous method, not an acquisition)',
    filename,
    code: `import { ConnectionPool } from 'some-db';
const pool = new ConnectionPool({ host: 'db' });
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => {
  const current = pool.current();
  return current?.query('select 1');
};
`,
  },
  {
    name: 'a disposable session declared with await using',
    filename,
    code: `import { openSession } from 'some-db';
export const handler = async () => {
  await using session = await openSession({ host: 'db' });
  return session.run('select 1');
};
`,
  },
  {
    name: 'a disposable session disposed of in finally',
    filename,
    code: `import { openSession } from 'some-db';
export const handler = async () => {
  const session = await openSession({ host: 'db' });
  try {
    return await session.run('select 1');
  } finally {
    await session[Symbol.asyncDispose]();
  }
};
`,
  },
  {
    name: 'a project class wrapping a socket, closed in finally',
    filename,
    code: `import { SocketClient } from './socket-client.js';
export const handler = async () => {
  const client = new SocketClient('localhost', 4000);
  try {
    client.send('ping');
  } finally {
    await client.close();
  }
};
`,
  },
  {
    name: 'a wrapper handed a socket that is closed in finally: the wrapper is not a resource',
    filename,
    code: `import net from 'node:net';
import { Framer } from './socket-client.js';
export const handler = async () => {
  const socket = net.connect(4000);
  const framer = new Framer(socket);
  try {
    framer.frame('ping');
  } finally {
    socket.end();
  }
};
`,
  },
  {
    name: 'a closable result that holds no connection',
    filename,
    code: `import { query } from 'some-db';
export const handler = async () => {
  const results = query({ host: 'db' }, 'select 1');
  return results.rows;
};
`,
  },
  {
    name: 'an AWS SDK client created per invocation (denied by default)',
    filename,
    code: `import { FakeClient } from '@aws-sdk/client-fake';
export const handler = async () => {
  const client = new FakeClient({});
  return client.send({});
};
`,
  },
  {
    name: 'a resource returned to the caller (ownership leaves)',
    filename,
    code: `import { connect } from 'some-db';
export const handler = async () => {
  const conn = await connect({ host: 'db' });
  return conn;
};
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: 'a lease of a driver the catalog does not know, never released (the rendered message)',
    filename,
    code: leaseNeverReleased,
    errors: [
      {
        message: MESSAGE_LEASE,
        line: 8,
        column: 23,
        endLine: 8,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { ConnectionPool } from 'some-db';
const pool = new ConnectionPool({ host: 'db' });
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async (event: { id: string }) => {
  const lease = await pool.acquire();
  try {
    return await lease.query(\`select * from orders where id = '\${event.id}'\`);
  } finally {
    lease.release();
  }
};
`,
          },
        ],
      } as unknown as TestCaseError<MessageIds>,
    ],
  },
  {
    name: 'a project class wrapping a socket, opened per invocation and never closed',
    filename,
    code: socketPerInvocation,
    errors: [
      {
        messageId: 'missingCleanup',
        data: { name: 'client', library: './socket-client.ts', label: 'SocketClient', when: 'on every invocation', origin: '', close: 'await client.close()' },
        line: 3,
        column: 18,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { SocketClient } from './socket-client.js';
export const handler = async () => {
  const client = new SocketClient('localhost', 4000);
  try {
    client.send('ping');
  } finally {
    await client.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a value closed only through [Symbol.asyncDispose], never disposed of',
    filename,
    code: sessionPerInvocation,
    errors: [
      {
        messageId: 'missingCleanup',
        data: { name: 'session', library: 'some-db', label: 'Session', when: 'on every invocation', origin: '', close: 'await session[Symbol.asyncDispose]()' },
        line: 3,
        column: 25,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { openSession } from 'some-db';
export const handler = async () => {
  const session = await openSession({ host: 'db' });
  try {
    return await session.run('select 1');
  } finally {
    await session[Symbol.asyncDispose]();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a some-db connection closed only on success',
    filename,
    code: `import { connect } from 'some-db';
export const handler = async () => {
  const conn = await connect({ host: 'db' });
  const rows = await conn.query('select 1');
  await conn.end();
  return rows;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: { name: 'conn', library: 'some-db', label: 'Connection', origin: '', close: 'await conn.end()' },
        line: 3,
        column: 22,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { connect } from 'some-db';
export const handler = async () => {
  const conn = await connect({ host: 'db' });
  try {
    const rows = await conn.query('select 1');
    return rows;
  } finally {
    await conn.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: "a checkout of pg's Pool re-exported under another name, released only on success",
    filename,
    code: checkoutOfReexportedPool,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: { name: 'client', library: 'pg', label: 'pool checkout', origin: '', close: 'client.release()' },
        line: 8,
        column: 24,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { Db } from './db.js';
const db = new Db();
process.once('SIGTERM', async () => {
  await db.end();
  process.exit(0);
});
export const handler = async () => {
  const client = await db.connect();
  try {
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    client.release();
  }
};
`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('require-finally-cleanup (type-aware)', rule, { valid, invalid });

// Without type information the same files are linted as before: the catalog knows none of these resources.
ruleTester.run('require-finally-cleanup (the type-aware cases without type information)', rule, {
  valid: [leaseNeverReleased, socketPerInvocation, sessionPerInvocation, checkoutOfReexportedPool].map((code) => ({
    code,
    filename,
    settings: { 'lambda-shutdown': { typedResources: true } },
  })),
  invalid: [],
});
