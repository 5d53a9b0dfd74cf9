/**
 * The catalog: what this project knows about Node.js resources, as data.
 *
 * A new library is one entry here; every rule and codemod learns it at once. The facts come from
 * shared/LAMBDA-SHUTDOWN.md ("Node.js: what each resource needs to be closed").
 */

/** What sort of thing a resource is; used in messages and by the shutdown-hook ordering. */
export type ResourceKind = 'pool' | 'client' | 'connection' | 'socket' | 'agent' | 'file' | 'stream' | 'server' | 'browser' | 'page' | 'session' | 'channel';

/** How a resource is closed. */
export interface CloseSpec {
  /** The graceful close method (`end`, `quit`, `$disconnect`, …), called on the value itself. */
  readonly method: string;
  /** Whether the graceful close returns a promise that a cleanup should await. */
  readonly async: boolean;
  /**
   * Close code to emit instead of `<binding>.<method>()`, with `{binding}` standing for the value. Used where the
   * plain method call does not wait for the work to finish (a write stream's `end()` flushes asynchronously).
   */
  readonly template?: string;
}

/**
 * What every resource, created by a factory or opened from another value, has: how to name it and how to close it,
 * and what it opens in turn (`children`).
 */
export interface ResourceSpec extends Pick<ValueSpec, 'children'> {
  /** Library name shown in messages. */
  readonly library: string;
  /** What the value is, shown in messages (`Pool`, `connection`, `write stream`). */
  readonly label: string;
  readonly kind: ResourceKind;
  readonly close: CloseSpec;
  /** Every method whose call on the value counts as closing it (graceful and hard). */
  readonly closeMethods: readonly string[];
  /**
   * Module-level functions that close the value when it is passed as the first argument
   * (`fs.closeSync(fd)`), as property paths of the same modules.
   */
  readonly closeFunctions?: readonly (readonly string[])[];
  /**
   * The value closes itself once consumed (a read stream with `autoClose`); any hand-off to a consumer
   * (`pipeline`, `for await`, `.pipe()`, a call argument) counts as its cleanup.
   */
  readonly autoClose?: boolean;
  /**
   * The value is a module-wide singleton closed through the module (`mongoose.connect()` is closed with
   * `mongoose.disconnect()`): the paths, relative to the module, whose call counts as its cleanup.
   */
  readonly moduleClose?: readonly (readonly string[])[];
  /**
   * Every call opens or returns the one process-wide connection (`mongoose.connect()`): it lives as long as the
   * process wherever it is called and whatever holds the result, so it needs a SIGTERM listener, never a `finally`.
   */
  readonly singleton?: boolean;
  /**
   * Only a leak when opened while a handler runs: opened at module scope it is a local entry point (a dev server's
   * `app.listen(3000)`; a Lambda function is invoked through the Runtime API, never through a server it listens on),
   * so require-sigterm-cleanup leaves it alone and require-finally-cleanup does not.
   */
  readonly perInvocationOnly?: boolean;
  /**
   * The value implements `Symbol.asyncDispose` with the graceful close, so `await using x = …` closes it (the
   * `add-finally-cleanup` codemod's `using` option). Only where the library's current types and code say so;
   * absent means no (or a dispose that is not the graceful close, as a socket's inherited `destroy()`).
   */
  readonly asyncDispose?: boolean;
}

/**
 * What a value opens or becomes besides itself: the chained calls that give it back, and the children opened from it.
 * Shared by factories and children, so that a child can open children of its own (a browser's context opens pages).
 */
export interface ValueSpec {
  /**
   * A callback API hands the value to the callback given as the last argument, at this parameter index
   * (`amqp.connect(url, (err, conn) => …)`: 1), instead of returning it.
   */
  readonly callbackParam?: number;
  /**
   * Methods that return the same resource (`prisma.$extends(...)`) or a promise of it (`new MongoClient(url).connect()`),
   * so a binding of their (awaited) result is the resource. A binding of an un-awaited promise is not.
   */
  readonly chainMethods?: readonly ChainMethod[];
  /**
   * The factory (or the child's method) returns a promise of the resource (`MongoClient.connect(uri)`, mysql2/promise
   * `createConnection()`, fs/promises `open()`, `browser.newPage()`): a binding of its un-awaited result holds a
   * promise, closed as `(await x).close()`.
   */
  readonly returnsPromise?: boolean;
  /**
   * Resources opened from the value, which must be closed on their own (pg `pool.connect()` → `release()`, puppeteer
   * `browser.newPage()` → `page.close()`, kafkajs `kafka.producer()` → `disconnect()`).
   */
  readonly children?: readonly ChildSpec[];
  /**
   * The value is not a resource itself, only what it opens is (kafkajs `new Kafka()` holds no connection, its
   * `producer()` does; an express app holds nothing until `listen()`; an AWS SDK v2 client holds no stream until
   * `getObject(…).createReadStream()`). It is never reported; its `close` and `closeMethods` are not used.
   */
  readonly holder?: boolean;
}

export interface ResourceFactory extends ResourceSpec, ValueSpec {
  /** Module specifiers that export the factory (`node:` prefixed forms are added automatically). */
  readonly modules: readonly string[];
  /**
   * Specifiers that are matched by a pattern, not spelled exactly: a generated Prisma client imported from wherever
   * the project generates it (`../generated/prisma`, `.prisma/client`). Tested on the specifiers of each file
   * (core/resources.ts `traceMapForFile`), so a pattern costs nothing in a file that imports nothing it matches.
   */
  readonly modulePattern?: RegExp;
  /**
   * Property path of the factory inside the module. `[]` is the module value itself (CommonJS `module.exports`,
   * or an ES module's default export), so `import Redis from 'ioredis'` and `require('ioredis')` both match it.
   * A static factory is a longer path (`['GlideClient', 'createClient']`, `['NestFactory', 'create']`).
   */
  readonly path: readonly string[];
  /** `new` for constructors, `call` for factory functions, `both` when either spelling creates it. */
  readonly create: 'new' | 'call' | 'both';
  /** Report only when the first argument is an object literal with `keepAlive: true` (node:http Agent). */
  readonly requiresKeepAlive?: boolean;
  /**
   * The value holds no connection until one of these methods is called on it (TypeORM's `dataSource.initialize()`): a
   * creation on which none is ever called, here or by a module that imports it, is no resource (a config for the CLI).
   */
  readonly opensWith?: readonly string[];
  /**
   * Where the factory came from: the built-in catalog, the user's settings, or the type checker (a value recognised
   * by its type, `configs['recommended-type-checked']`; see core/typed-resources.ts).
   */
  readonly source: 'catalog' | 'settings' | 'types';
}

export interface ChainMethod {
  readonly method: string;
  readonly returnsPromise: boolean;
}

/**
 * A child resource: opened by calling methods on a parent value (a resource or a holder), and closed on its own.
 * Generalises pool checkouts (`pool.connect()` → `release()`) to any child: pages of a browser, sessions of a
 * driver, channels of a connection, producers of a Kafka holder.
 */
export interface ChildSpec extends ValueSpec, Pick<ResourceSpec, 'perInvocationOnly'> {
  /**
   * The method calls that open it, each on the result of the one before, starting at the parent: `['newPage']`, or
   * for AWS SDK v2 `['getObject', 'createReadStream']` (`s3.getObject(params).createReadStream()`).
   */
  readonly path: readonly string[];
  /** The child is a resource only when its last call has no callback argument (`pool.connect((err, c, done) => …)`). */
  readonly noCallback?: boolean;
  /** Library shown in messages; the parent's when absent. */
  readonly library?: string;
  readonly label: string;
  readonly kind: ResourceKind;
  readonly close: CloseSpec;
  readonly closeMethods: readonly string[];
  /** As `ResourceSpec.autoClose`: consumed is closed (a read stream). */
  readonly autoClose?: boolean;
  /** As `ResourceSpec.asyncDispose`. */
  readonly asyncDispose?: boolean;
  /**
   * The call makes the parent itself a resource, held by the parent's binding:
   * - `returned`: the call returns its receiver (`server.listen(port)` returns the server), so a binding of the call
   *   holds it too, and an unbound call leaves it in the receiver's binding;
   * - `receiver`: the call returns something else (fastify `await app.listen()` resolves to the address), so only the
   *   receiver's binding holds it.
   */
  readonly self?: 'returned' | 'receiver';
  /**
   * Closing the parent closes the child too (`browser.close()` closes its pages, `connection.close()` its channels,
   * `driver.close()` its sessions): a child opened in the function that holds its parent, or at module scope beside a
   * module-scope parent, is closed with the parent and is not a resource of its own. One opened from a longer-lived
   * parent (a page of a module-scope browser, opened per invocation) is. Not for pool checkouts: `pool.end()` waits
   * for them to be released.
   */
  readonly closedWithParent?: boolean;
}

const end = (async: boolean): CloseSpec => ({ method: 'end', async });
const method = (name: string, async: boolean): CloseSpec => ({ method: name, async });
/**
 * A writable stream or socket: `end()` returns the stream, not a promise, and what it still has to write (and, for
 * a socket, its FIN) goes out after it returns; its callback runs once all of that is done, or at once with an error
 * if the stream is already finished or destroyed. Awaiting that callback is what lets an exit after it lose nothing.
 */
export const endAndWait: CloseSpec = { method: 'end', async: true, template: 'await new Promise((resolve) => {binding}.end(resolve))' };

/**
 * `server.close(callback)`: stops accepting connections, and calls back once the open ones have ended (Node.js closes
 * idle keep-alive connections itself since 19.0.0). It returns the server, not a promise, so a cleanup waits for the
 * callback.
 */
const closeAndWait: CloseSpec = { method: 'close', async: true, template: 'await new Promise((resolve) => {binding}.close(resolve))' };

/**
 * A datagram socket's `close(callback)`: it returns the socket, and calls back once the socket is closed (after a
 * bind still under way, if any: the close waits for it). Nothing to await in a synchronous function, where `close()`
 * alone is the cleanup (`async: false`); an async one, or a SIGTERM listener that then ends the process, waits for
 * the callback, as `socket[Symbol.asyncDispose]()` does (lib/dgram.js).
 */
const closeThenCallBack: CloseSpec = { method: 'close', async: false, template: closeAndWait.template! };

const pgCheckout: ChildSpec = {
  path: ['connect'],
  noCallback: true,
  label: 'pool checkout',
  kind: 'connection',
  close: method('release', false),
  closeMethods: ['release'],
};
const mysqlCheckout: ChildSpec = {
  path: ['getConnection'],
  noCallback: true,
  label: 'pool connection',
  kind: 'connection',
  close: method('release', false),
  closeMethods: ['release', 'destroy'],
};

/**
 * A value that is not a resource, only what it opens is (`ValueSpec.holder`): the fields every resource has, which a
 * holder never uses.
 */
const holder = (library: string, label: string, children: readonly ChildSpec[]) =>
  ({ library, label, kind: 'client', close: { method: '', async: false }, closeMethods: [], holder: true, children }) as const;

/** A page of a browser or browser context: `close()`; closing the browser closes it too. */
const page = (asyncDispose: boolean): ChildSpec => ({
  path: ['newPage'],
  label: 'page',
  kind: 'page',
  close: method('close', true),
  closeMethods: ['close'],
  returnsPromise: true,
  closedWithParent: true,
  asyncDispose,
});

/**
 * What a puppeteer browser opens: pages, and browser contexts with pages of their own (`createBrowserContext()`,
 * `createIncognitoBrowserContext()` before puppeteer 22), each closed by `close()` (lib/types.d.ts).
 */
const puppeteerBrowserChildren: readonly ChildSpec[] = [
  page(false),
  ...(['createBrowserContext', 'createIncognitoBrowserContext'] as const).map(
    (name): ChildSpec => ({
      path: [name],
      label: 'browser context',
      kind: 'browser',
      close: method('close', true),
      closeMethods: ['close'],
      returnsPromise: true,
      closedWithParent: true,
      children: [page(false)],
    }),
  ),
];

/** A playwright browser context (`browser.newContext()`, `launchPersistentContext()`), with its pages. */
const playwrightContext = (path: readonly string[]): ChildSpec => ({
  path,
  label: 'browser context',
  kind: 'browser',
  close: method('close', true),
  closeMethods: ['close'],
  returnsPromise: true,
  closedWithParent: true,
  asyncDispose: true,
  children: [page(true)],
});

/** A node:http(s)/net server's `listen()`: the server it returns is the one `createServer()` made. */
const listeningServer: ChildSpec = { path: ['listen'], self: 'returned', label: 'server', kind: 'server', close: closeAndWait, closeMethods: ['close'], perInvocationOnly: true };

/** AWS SDK v2 `s3.getObject(params).createReadStream()`: a read stream, closed once consumed. */
const s3ReadStream: ChildSpec = {
  path: ['getObject', 'createReadStream'],
  label: 'read stream',
  kind: 'stream',
  close: method('destroy', false),
  closeMethods: ['destroy', 'close'],
  autoClose: true,
};

type Entry = Omit<ResourceFactory, 'source'>;

/** A playwright entry point that resolves to a browser (or, `launchPersistentContext()`, to a browser context). */
function playwrightEntry(mod: string, path: readonly string[]): Entry {
  const context = path.at(-1) === 'launchPersistentContext';
  return {
    modules: [mod],
    path,
    create: 'call',
    library: mod,
    label: context ? 'browser context' : 'browser',
    kind: 'browser',
    close: method('close', true),
    closeMethods: ['close'],
    returnsPromise: true,
    asyncDispose: true,
    children: context ? [page(true)] : [page(true), playwrightContext(['newContext'])],
  };
}

const entries: Entry[] = [
  // pg: no `Symbol.asyncDispose` on Pool, Client or PoolClient (brianc/node-postgres#3515 and #3661 are open; the
  // latter proposes a sync `Symbol.dispose` for pool clients only)
  ...(['Pool', 'Client'] as const).map(
    (name): Entry => ({
      modules: ['pg'],
      path: [name],
      create: 'new',
      library: 'pg',
      label: name,
      kind: name === 'Pool' ? 'pool' : 'client',
      close: end(true),
      closeMethods: ['end'],
      children: name === 'Pool' ? [pgCheckout] : undefined,
    }),
  ),
  // mysql / mysql2 (callback and promise APIs)
  ...['mysql', 'mysql2', 'mysql2/promise'].flatMap((mod): Entry[] => {
    const promise = mod === 'mysql2/promise';
    // mysql2 >= 3.18.0 (sidorares/node-mysql2#4112, promise.d.ts): the promise API's Connection, Pool and
    // PoolCluster have `[Symbol.asyncDispose]()` calling `end()`; the callback API only has the sync `Symbol.dispose`.
    const asyncDispose = promise;
    return [
      {
        modules: [mod],
        path: ['createPool'],
        create: 'call',
        library: mod,
        label: 'pool',
        kind: 'pool',
        close: end(promise),
        closeMethods: ['end'],
        children: [mysqlCheckout],
        asyncDispose,
      },
      {
        modules: [mod],
        path: ['createPoolCluster'],
        create: 'call',
        library: mod,
        label: 'pool cluster',
        kind: 'pool',
        close: end(promise),
        closeMethods: ['end'],
        asyncDispose,
      },
      {
        modules: [mod],
        path: ['createConnection'],
        create: 'call',
        library: mod,
        label: 'connection',
        kind: 'connection',
        close: end(promise),
        closeMethods: ['end', 'destroy'],
        returnsPromise: promise,
        asyncDispose,
      },
    ];
  }),
  // ioredis: the module value is the Redis class
  ...([[], ['Redis'], ['default'], ['Cluster'], ['Redis', 'Cluster']] as const).map(
    (path): Entry => ({
      modules: ['ioredis'],
      path,
      create: 'new',
      library: 'ioredis',
      label: path.at(-1) === 'Cluster' ? 'Cluster' : 'Redis',
      kind: 'client',
      close: method('quit', true),
      closeMethods: ['quit', 'disconnect'],
    }),
  ),
  // node-redis v4 (`quit`) and v5 (`close`); `quit()` works in both
  ...(['createClient', 'createCluster'] as const).map(
    (name): Entry => ({
      modules: ['redis', '@redis/client'],
      path: [name],
      create: 'call',
      library: 'redis',
      label: name === 'createClient' ? 'client' : 'cluster',
      kind: 'client',
      close: method('quit', true),
      closeMethods: ['quit', 'close', 'disconnect', 'destroy'],
      chainMethods: [{ method: 'connect', returnsPromise: true }],
    }),
  ),
  // mongodb: `MongoClient[Symbol.asyncDispose]()` calls `close()` (6.9.0 experimental, an unconditional alias in 7.x,
  // src/mongo_client.ts)
  {
    modules: ['mongodb'],
    path: ['MongoClient'],
    create: 'new',
    library: 'mongodb',
    label: 'MongoClient',
    kind: 'client',
    close: method('close', true),
    closeMethods: ['close'],
    chainMethods: [{ method: 'connect', returnsPromise: true }],
    asyncDispose: true,
  },
  {
    modules: ['mongodb'],
    path: ['MongoClient', 'connect'],
    create: 'call',
    library: 'mongodb',
    label: 'MongoClient',
    kind: 'client',
    close: method('close', true),
    closeMethods: ['close'],
    returnsPromise: true,
    asyncDispose: true,
  },
  // mongoose: `connect()` opens the module-wide default connection
  {
    modules: ['mongoose'],
    path: ['connect'],
    create: 'call',
    library: 'mongoose',
    label: 'default connection',
    kind: 'connection',
    close: method('disconnect', true),
    closeMethods: ['disconnect'],
    // resolves to the mongoose singleton: `connected = connected || connect(uri)` holds a promise of it
    returnsPromise: true,
    moduleClose: [['disconnect'], ['connection', 'close']],
    // later calls reuse the open default connection (Connection#openUri returns it for the same URI): one per process
    singleton: true,
  },
  {
    modules: ['mongoose'],
    path: ['createConnection'],
    create: 'call',
    library: 'mongoose',
    label: 'connection',
    kind: 'connection',
    close: method('close', true),
    closeMethods: ['close', 'destroy'],
    chainMethods: [{ method: 'asPromise', returnsPromise: true }],
    moduleClose: [['disconnect']],
  },
  // Prisma, also a client generated to a path of the project's own (`output` in schema.prisma): `.prisma/client` (the
  // default before Prisma 7), `../generated/prisma` and `../generated/prisma/client` (the `prisma-client` generator's
  // default and its entry file), `./prisma/client`, with or without an extension
  {
    modules: ['@prisma/client'],
    modulePattern: /(?:^|\/)(?:\.prisma\/client|generated\/prisma(?:\/client)?|prisma\/client)(?:\/(?:index|default|client))?(?:\.[cm]?[jt]s)?$/,
    path: ['PrismaClient'],
    create: 'new',
    library: '@prisma/client',
    label: 'PrismaClient',
    kind: 'client',
    close: method('$disconnect', true),
    closeMethods: ['$disconnect'],
    chainMethods: [{ method: '$extends', returnsPromise: false }],
  },
  // knex: the module value is the factory
  ...([[], ['knex'], ['default']] as const).map(
    (path): Entry => ({
      modules: ['knex'],
      path,
      create: 'call',
      library: 'knex',
      label: 'instance',
      kind: 'pool',
      close: method('destroy', true),
      closeMethods: ['destroy'],
    }),
  ),
  // sequelize
  ...([[], ['Sequelize'], ['default']] as const).map(
    (path): Entry => ({
      modules: ['sequelize', 'sequelize-typescript'],
      path,
      create: 'new',
      library: 'sequelize',
      label: 'Sequelize',
      kind: 'pool',
      close: method('close', true),
      closeMethods: ['close'],
    }),
  ),
  // undici
  ...(['Pool', 'Agent', 'Client', 'BalancedPool', 'ProxyAgent', 'RetryAgent'] as const).map(
    (name): Entry => ({
      modules: ['undici'],
      path: [name],
      create: 'new',
      library: 'undici',
      label: name,
      kind: name === 'Client' ? 'client' : name === 'Pool' || name === 'BalancedPool' ? 'pool' : 'agent',
      close: method('close', true),
      closeMethods: ['close', 'destroy'],
    }),
  ),
  // node:fs
  {
    modules: ['fs'],
    path: ['createWriteStream'],
    create: 'call',
    library: 'node:fs',
    label: 'write stream',
    kind: 'stream',
    close: endAndWait,
    closeMethods: ['end', 'close', 'destroy'],
  },
  {
    modules: ['fs'],
    path: ['createReadStream'],
    create: 'call',
    library: 'node:fs',
    label: 'read stream',
    kind: 'stream',
    close: method('destroy', false),
    closeMethods: ['close', 'destroy'],
    autoClose: true,
  },
  {
    modules: ['fs'],
    path: ['openSync'],
    create: 'call',
    library: 'node:fs',
    label: 'file descriptor',
    kind: 'file',
    close: method('closeSync', false),
    closeMethods: [],
    closeFunctions: [['closeSync'], ['close']],
  },
  ...([
    ['fs/promises', ['open']],
    ['fs', ['promises', 'open']],
  ] as const).map(
    ([mod, path]): Entry => ({
      modules: [mod],
      path,
      create: 'call',
      library: 'node:fs/promises',
      label: 'FileHandle',
      kind: 'file',
      close: method('close', true),
      closeMethods: ['close'],
      returnsPromise: true,
      // `filehandle[Symbol.asyncDispose]()`: an alias of `close()` since Node.js 20.4.0 / 18.18.0
      asyncDispose: true,
    }),
  ),
  // node:net / node:tls: a socket's `Symbol.asyncDispose` is the one it inherits from Readable, which destroys it
  // (pending writes are lost), not the graceful `end()`: no asyncDispose
  ...(['net', 'tls'] as const).flatMap((mod): Entry[] => [
    ...(['connect', 'createConnection'] as const).map(
      (name): Entry => ({
        modules: [mod],
        path: [name],
        create: 'call',
        library: `node:${mod}`,
        label: 'socket',
        kind: 'socket',
        close: endAndWait,
        closeMethods: ['end', 'destroy', 'destroySoon', 'resetAndDestroy'],
      }),
    ),
    {
      modules: [mod],
      path: [mod === 'net' ? 'Socket' : 'TLSSocket'],
      create: 'new',
      library: `node:${mod}`,
      label: 'socket',
      kind: 'socket',
      close: endAndWait,
      closeMethods: ['end', 'destroy', 'destroySoon', 'resetAndDestroy'],
    },
  ]),
  // node:http(s) keep-alive agents; `Agent` is a function that makes itself with `new` when called without it
  // (lib/_http_agent.js, `if (!(this instanceof Agent)) return new Agent(options)`)
  ...(['http', 'https'] as const).map(
    (mod): Entry => ({
      modules: [mod],
      path: ['Agent'],
      create: 'both',
      library: `node:${mod}`,
      label: 'keep-alive Agent',
      kind: 'agent',
      close: method('destroy', false),
      closeMethods: ['destroy'],
      requiresKeepAlive: true,
    }),
  ),
  // node:dgram: `socket[Symbol.asyncDispose]()` calls `close()` and waits for it (Node.js 20.5.0)
  {
    modules: ['dgram'],
    path: ['createSocket'],
    create: 'call',
    library: 'node:dgram',
    label: 'socket',
    kind: 'socket',
    close: closeThenCallBack,
    closeMethods: ['close'],
    asyncDispose: true,
  },

  // ---------------------------------------------------------------------------------------------------------------
  // SQL drivers and ORMs
  // ---------------------------------------------------------------------------------------------------------------

  // postgres (postgres.js): the module value is the factory (types/index.d.ts `export default postgres`). `sql.end()`
  // waits for queries and closes every connection (`end(options?: { timeout? }): Promise<void>`, README "Teardown /
  // Cleanup"); 4.x adds `close()` (closes the connections, the pool stays usable) and `[Symbol.asyncDispose]` (ends the
  // pool; 3.x has none). `sql.reserve()` leases a connection until its `release()` (`reserve(): Promise<ReservedSql>`).
  {
    modules: ['postgres'],
    path: [],
    create: 'call',
    library: 'postgres',
    label: 'pool',
    kind: 'pool',
    close: end(true),
    closeMethods: ['end', 'close'],
    asyncDispose: true,
    children: [
      { path: ['reserve'], label: 'reserved connection', kind: 'connection', close: method('release', false), closeMethods: ['release'], returnsPromise: true },
    ],
  },
  // serverless-mysql: the module value is the factory (index.d.ts `export = serverlessMysql`, called with the config).
  // `quit()` closes the connection (`quit(): void`); `end()` is the call its README asks for at the end of each
  // invocation, which manages the connection (closing it, or zombie connections, over the utilisation threshold).
  {
    modules: ['serverless-mysql'],
    path: [],
    create: 'call',
    library: 'serverless-mysql',
    label: 'connection',
    kind: 'connection',
    close: method('quit', false),
    closeMethods: ['quit', 'end'],
  },
  // TypeORM: `new DataSource(options)`, set up by `initialize()`, which resolves to the data source itself
  // (data-source/DataSource.d.ts `initialize(): Promise<this>`; `connect()` is its 0.3 alias), closed by `destroy()`
  // (`close()` in 0.2 and 0.3, gone in 1.0). 0.2's `new Connection()` and the legacy `createConnection()` (globals.d.ts,
  // `Promise<DataSource>` in 0.3, removed in 1.0) are closed by `close()`.
  ...(['DataSource', 'Connection'] as const).map(
    (name): Entry => ({
      modules: ['typeorm'],
      path: [name],
      create: 'new',
      library: 'typeorm',
      label: name,
      kind: 'pool',
      close: method(name === 'DataSource' ? 'destroy' : 'close', true),
      closeMethods: ['destroy', 'close'],
      chainMethods: [
        { method: 'initialize', returnsPromise: true },
        { method: 'connect', returnsPromise: true },
      ],
      opensWith: ['initialize', 'connect'],
    }),
  ),
  {
    modules: ['typeorm'],
    path: ['createConnection'],
    create: 'call',
    library: 'typeorm',
    label: 'connection',
    kind: 'pool',
    close: method('close', true),
    closeMethods: ['close', 'destroy'],
    returnsPromise: true,
  },
  // ts-postgres: 2.x `connect(config)` resolves to a connected client ("You must close the connection after use using
  // Client.end", dist/index.d.ts), which has `[Symbol.asyncDispose]()`; 1.x made it with `new Client()` (`end()` too),
  // which older 1.x releases' code imports from `ts-postgres/dist/src/client`.
  {
    modules: ['ts-postgres'],
    path: ['connect'],
    create: 'call',
    library: 'ts-postgres',
    label: 'client',
    kind: 'client',
    close: end(true),
    closeMethods: ['end'],
    returnsPromise: true,
    asyncDispose: true,
  },
  {
    modules: ['ts-postgres', 'ts-postgres/dist/src/client'],
    path: ['Client'],
    create: 'new',
    library: 'ts-postgres',
    label: 'Client',
    kind: 'client',
    close: end(true),
    closeMethods: ['end'],
  },
  // mssql: `new sql.ConnectionPool(config)`, whose `connect()` resolves to the pool itself, closed by `close()` (a
  // promise without a callback, lib/base/connection-pool.js); `sql.connect(config)` opens the module-wide global pool
  // (lib/global-connection.js), closed by the pool's `close()` or `sql.close()`. msnodesqlv8 is the same API.
  {
    modules: ['mssql', 'mssql/msnodesqlv8'],
    path: ['ConnectionPool'],
    create: 'new',
    library: 'mssql',
    label: 'ConnectionPool',
    kind: 'pool',
    close: method('close', true),
    closeMethods: ['close'],
    chainMethods: [{ method: 'connect', returnsPromise: true }],
  },
  {
    modules: ['mssql', 'mssql/msnodesqlv8'],
    path: ['connect'],
    create: 'call',
    library: 'mssql',
    label: 'global pool',
    kind: 'pool',
    close: method('close', true),
    closeMethods: ['close'],
    returnsPromise: true,
    moduleClose: [['close']],
  },
  // tedious: `new Connection(config)`, or `connect(config, listener)` which makes and connects one (lib/tedious.d.ts);
  // `close(): void` (lib/connection.d.ts) ends it, emitting `end` once the socket is closed.
  ...(['Connection', 'connect'] as const).map(
    (name): Entry => ({
      modules: ['tedious'],
      path: [name],
      create: name === 'Connection' ? 'new' : 'call',
      library: 'tedious',
      label: 'Connection',
      kind: 'connection',
      close: method('close', false),
      closeMethods: ['close'],
    }),
  ),
  // oracledb: `createPool()` resolves to a pool closed by `close()` (`terminate()` is its deprecated alias,
  // lib/pool.js); `getConnection()`, standalone or from a pool, resolves to a connection closed by `close()` (alias
  // `release()`, lib/connection.js), which gives a pooled one back. `pool.close()` fails while connections are out.
  // Both have `[Symbol.asyncDispose]` in code (6.x) but not in @types/oracledb: left out.
  {
    modules: ['oracledb'],
    path: ['createPool'],
    create: 'call',
    library: 'oracledb',
    label: 'pool',
    kind: 'pool',
    close: method('close', true),
    closeMethods: ['close', 'terminate'],
    returnsPromise: true,
    children: [
      {
        path: ['getConnection'],
        noCallback: true,
        label: 'pool connection',
        kind: 'connection',
        close: method('close', true),
        closeMethods: ['close', 'release'],
        returnsPromise: true,
      },
    ],
  },
  {
    modules: ['oracledb'],
    path: ['getConnection'],
    create: 'call',
    library: 'oracledb',
    label: 'connection',
    kind: 'connection',
    close: method('close', true),
    closeMethods: ['close', 'release'],
    returnsPromise: true,
  },

  // ---------------------------------------------------------------------------------------------------------------
  // NoSQL, caches, search, messaging
  // ---------------------------------------------------------------------------------------------------------------

  // valkey-glide: static factories that resolve to a connected client (GlideClient.d.ts `static createClient(options):
  // Promise<GlideClient>`, GlideClusterClient.d.ts alike); `close(errorMessage?): void` ends it (BaseClient.d.ts).
  ...(['GlideClient', 'GlideClusterClient'] as const).map(
    (name): Entry => ({
      modules: ['@valkey/valkey-glide'],
      path: [name, 'createClient'],
      create: 'call',
      library: '@valkey/valkey-glide',
      label: name,
      kind: 'client',
      close: method('close', false),
      closeMethods: ['close'],
      returnsPromise: true,
    }),
  ),
  // cassandra-driver: `new Client(options)`, `shutdown(): Promise<void>` (index.d.ts).
  {
    modules: ['cassandra-driver'],
    path: ['Client'],
    create: 'new',
    library: 'cassandra-driver',
    label: 'Client',
    kind: 'client',
    close: method('shutdown', true),
    closeMethods: ['shutdown'],
  },
  // neo4j-driver: `neo4j.driver(url, auth)` holds the connection pool; `close()` and `[Symbol.asyncDispose]()`
  // (neo4j-driver-core types/driver.d.ts). A session, `driver.session()`, is closed by `close()` and also has
  // `[Symbol.asyncDispose]()` (types/session.d.ts); closing the driver closes the connections its sessions use.
  ...(['neo4j-driver', 'neo4j-driver-lite'] as const).map(
    (mod): Entry => ({
      modules: [mod],
      path: ['driver'],
      create: 'call',
      library: mod,
      label: 'driver',
      kind: 'pool',
      close: method('close', true),
      closeMethods: ['close'],
      asyncDispose: true,
      children: [
        { path: ['session'], label: 'session', kind: 'session', close: method('close', true), closeMethods: ['close'], asyncDispose: true, closedWithParent: true },
      ],
    }),
  ),
  // search clients: @elastic/elasticsearch (lib/client.d.ts `close(): Promise<void>`) and
  // @opensearch-project/opensearch (lib/Client.d.ts `close(): Promise<void>`).
  ...(['@elastic/elasticsearch', '@opensearch-project/opensearch'] as const).map(
    (mod): Entry => ({
      modules: [mod],
      path: ['Client'],
      create: 'new',
      library: mod,
      label: 'Client',
      kind: 'client',
      close: method('close', true),
      closeMethods: ['close'],
    }),
  ),
  // memcached: the module value is the class (`export = Memcached`), `end(): void` closes every connection
  // (@types/memcached). memjs: the static `Client.create(servers)`, `close(): void` closes the connections at once,
  // `quit(): void` after telling the servers (@types/memjs, lib/memjs/memjs.js).
  {
    modules: ['memcached'],
    path: [],
    create: 'new',
    library: 'memcached',
    label: 'client',
    kind: 'client',
    close: method('end', false),
    closeMethods: ['end'],
  },
  {
    modules: ['memjs'],
    path: ['Client', 'create'],
    create: 'call',
    library: 'memjs',
    label: 'Client',
    kind: 'client',
    close: method('close', false),
    closeMethods: ['close', 'quit'],
  },
  // amqplib: `connect(url)` resolves to a connection (index.d.ts `ChannelModel`, `close(): Promise<void>`); its
  // `createChannel()` / `createConfirmChannel()` resolve to channels, `close(): Promise<void>`, which closing the
  // connection closes too. The callback API (`amqplib/callback_api`, lib/callback_model.js) hands the connection to
  // the callback's second parameter (`connect(url, (err, conn) => …)`), closed with `close(callback)`.
  {
    modules: ['amqplib/callback_api'],
    path: ['connect'],
    create: 'call',
    library: 'amqplib',
    label: 'connection',
    kind: 'connection',
    close: method('close', false),
    closeMethods: ['close'],
    callbackParam: 1,
  },
  {
    modules: ['amqplib'],
    path: ['connect'],
    create: 'call',
    library: 'amqplib',
    label: 'connection',
    kind: 'connection',
    close: method('close', true),
    closeMethods: ['close'],
    returnsPromise: true,
    children: (['createChannel', 'createConfirmChannel'] as const).map(
      (name): ChildSpec => ({
        path: [name],
        label: name === 'createChannel' ? 'channel' : 'confirm channel',
        kind: 'channel',
        close: method('close', true),
        closeMethods: ['close'],
        returnsPromise: true,
        closedWithParent: true,
      }),
    ),
  },
  // kafkajs: `new Kafka(config)` holds no connection; its `producer()`, `consumer()` and `admin()` clients connect, and
  // are closed by `disconnect(): Promise<void>` (types/index.d.ts).
  {
    modules: ['kafkajs'],
    path: ['Kafka'],
    create: 'new',
    ...holder(
      'kafkajs',
      'Kafka',
      (['producer', 'consumer', 'admin'] as const).map(
        (name): ChildSpec => ({ path: [name], label: name, kind: 'client', close: method('disconnect', true), closeMethods: ['disconnect'] }),
      ),
    ),
  },
  // nats (2.x) and @nats-io/transport-node (3.x): `connect(options)` resolves to a connection. `drain()` lets the
  // messages in flight be handled and then closes it; `close()` closes it at once (nats-base-client/core.d.ts).
  ...(['nats', '@nats-io/transport-node'] as const).map(
    (mod): Entry => ({
      modules: [mod],
      path: ['connect'],
      create: 'call',
      library: mod,
      label: 'connection',
      kind: 'connection',
      close: method('drain', true),
      closeMethods: ['drain', 'close'],
      returnsPromise: true,
    }),
  ),
  // mqtt: `connect(url)` returns a client, `connectAsync(url)` a promise of one (build/lib/connect/index.d.ts).
  // `end(cb)` returns the client and calls back once the DISCONNECT is sent and the socket closed, in 4.x and 5.x alike
  // (5.x also has `endAsync(): Promise<void>`, build/lib/client.d.ts): a cleanup waits for the callback.
  ...(['connect', 'connectAsync'] as const).map(
    (name): Entry => ({
      modules: ['mqtt'],
      path: [name],
      create: 'call',
      library: 'mqtt',
      label: 'client',
      kind: 'client',
      close: endAndWait,
      closeMethods: ['end', 'endAsync'],
      returnsPromise: name === 'connectAsync',
    }),
  ),

  // ---------------------------------------------------------------------------------------------------------------
  // Headless browsers
  // ---------------------------------------------------------------------------------------------------------------

  // puppeteer, puppeteer-core, puppeteer-extra: `launch()` resolves to a browser it started, `close()` ends the
  // browser process (lib/types.d.ts `Browser.close(): Promise<void>`; `disconnect()` leaves it running, so it does not
  // count). `connect()` attaches to a running browser, which `disconnect()` leaves running and `close()` ends. Its
  // `[Symbol.asyncDispose]` is @internal in the published types: left out. chrome-aws-lambda and
  // @sparticuz/chrome-aws-lambda hand out puppeteer-core as `chromium.puppeteer` (build/index.d.ts `static get
  // puppeteer(): PuppeteerNode`); @sparticuz/chromium only gives the executable, to pass to `puppeteer.launch()`.
  ...([
    ['puppeteer', []],
    ['puppeteer-core', []],
    ['puppeteer-extra', []],
    ['chrome-aws-lambda', ['puppeteer']],
    ['@sparticuz/chrome-aws-lambda', ['puppeteer']],
  ] as const).flatMap(([mod, prefix]): Entry[] => [
    {
      modules: [mod],
      path: [...prefix, 'launch'],
      create: 'call',
      library: mod,
      label: 'browser',
      kind: 'browser',
      close: method('close', true),
      closeMethods: ['close'],
      returnsPromise: true,
      children: puppeteerBrowserChildren,
    },
    {
      modules: [mod],
      path: [...prefix, 'connect'],
      create: 'call',
      library: mod,
      label: 'browser connection',
      kind: 'browser',
      close: method('disconnect', true),
      closeMethods: ['disconnect', 'close'],
      returnsPromise: true,
      children: puppeteerBrowserChildren,
    },
  ]),
  // playwright, playwright-core, playwright-chromium: `chromium.launch()` (also `firefox`, `webkit`) and `connect()` /
  // `connectOverCDP()` resolve to a browser, `launchPersistentContext()` to a browser context; Browser, BrowserContext
  // and Page each have `close(): Promise<void>` and `[Symbol.asyncDispose]()` (types/types.d.ts). playwright-aws-lambda
  // `launchChromium()` resolves to a playwright browser (dist/src/chromium.d.ts).
  ...(['playwright', 'playwright-core', 'playwright-chromium'] as const).flatMap((mod) =>
    (['chromium', 'firefox', 'webkit'] as const).flatMap((browserType) =>
      (['launch', 'connect', 'connectOverCDP', 'launchPersistentContext'] as const).map((name): Entry => playwrightEntry(mod, [browserType, name])),
    ),
  ),
  playwrightEntry('playwright-aws-lambda', ['launchChromium']),

  // ---------------------------------------------------------------------------------------------------------------
  // Servers and application frameworks
  // ---------------------------------------------------------------------------------------------------------------

  // node:http, node:https, node:net: a server holds nothing until `listen()`, which returns the server (`server.listen()`
  // in lib/net.js returns `this`); `close(callback)` then stops it. `Server` makes itself with `new` when called
  // without it (lib/_http_server.js, lib/https.js, lib/net.js).
  ...(['http', 'https', 'net'] as const).flatMap((mod): Entry[] =>
    (['createServer', 'Server'] as const).map(
      (name): Entry => ({ modules: [mod], path: [name], create: name === 'Server' ? 'both' : 'call', ...holder(`node:${mod}`, 'server', [listeningServer]) }),
    ),
  ),
  // express and koa: an app is a request handler until `app.listen(port)`, which creates, listens on and returns a
  // node:http server (@types/express-serve-static-core `listen(...): http.Server`, @types/koa `listen(...): Server`).
  {
    modules: ['express'],
    path: [],
    create: 'call',
    ...holder('express', 'app', [{ path: ['listen'], label: 'server', kind: 'server', close: closeAndWait, closeMethods: ['close'], perInvocationOnly: true }]),
  },
  {
    modules: ['koa'],
    path: [],
    create: 'new',
    ...holder('koa', 'app', [{ path: ['listen'], label: 'server', kind: 'server', close: closeAndWait, closeMethods: ['close'], perInvocationOnly: true }]),
  },
  // fastify: an instance holds nothing until `listen()`, which resolves to the address, not the server: the instance
  // itself is then the resource, closed by `close(): Promise<undefined>` (types/instance.d.ts). The module value is the
  // factory, also exported as `fastify` and `default` (fastify.js).
  ...([[], ['fastify'], ['default']] as const).map(
    (path): Entry => ({
      modules: ['fastify'],
      path,
      create: 'call',
      ...holder('fastify', 'instance', [{ path: ['listen'], self: 'receiver', label: 'server', kind: 'server', close: method('close', true), closeMethods: ['close'], perInvocationOnly: true }]),
    }),
  ),
  // NestJS: `NestFactory.create(AppModule)` resolves to the application, `createApplicationContext()` to a standalone
  // context, `createMicroservice()` to a microservice (@nestjs/core nest-factory.d.ts); `close()` runs the modules'
  // shutdown hooks, which close what they opened, and stops the server. `app.enableShutdownHooks()` has Nest run those
  // hooks itself on SIGTERM, so it counts as the cleanup.
  ...(['create', 'createApplicationContext', 'createMicroservice'] as const).map(
    (name): Entry => ({
      modules: ['@nestjs/core'],
      path: ['NestFactory', name],
      create: 'call',
      library: '@nestjs/core',
      label: name === 'create' ? 'application' : name === 'createMicroservice' ? 'microservice' : 'application context',
      kind: 'server',
      close: method('close', true),
      closeMethods: ['close', 'enableShutdownHooks'],
      returnsPromise: true,
    }),
  ),

  // ---------------------------------------------------------------------------------------------------------------
  // AWS SDK v2
  // ---------------------------------------------------------------------------------------------------------------

  // AWS SDK v2: a client holds no connection of its own (its agent's sockets are the SDK's business, and never an
  // error to leave, LAMBDA-SHUTDOWN.md), but `s3.getObject(params).createReadStream()` streams an object over a socket
  // until the stream is consumed or destroyed (lib/request.d.ts `createReadStream(): stream.Readable`).
  {
    modules: ['aws-sdk'],
    path: ['S3'],
    create: 'new',
    ...holder('aws-sdk', 'S3', [s3ReadStream]),
  },
  {
    modules: ['aws-sdk/clients/s3'],
    path: [],
    create: 'new',
    ...holder('aws-sdk', 'S3', [s3ReadStream]),
  },
];

const NODE_BUILTINS = new Set(['fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'dgram', 'stream', 'stream/promises']);

/** The built-in catalog. */
export const RESOURCE_FACTORIES: readonly ResourceFactory[] = entries.map((entry) => ({
  ...entry,
  modules: entry.modules.flatMap((m) => (NODE_BUILTINS.has(m) ? [m, `node:${m}`] : [m])),
  source: 'catalog',
}));

/** A user's resource entry in `settings['lambda-shutdown'].resources`. */
export interface UserResourceEntry {
  module: string;
  /** Export name, a dotted path (`Client.connect`), or `default` / `` for the module value itself. */
  export?: string;
  /** `true`: created with `new`; `false`: created by calling it. Default: `true` when `export` starts upper-case. */
  new?: boolean;
  /** The graceful close method. */
  close: string;
  /** Whether the close method returns a promise. Default `true`. */
  closeIsAsync?: boolean;
  /** More methods that count as closing it (hard closes). */
  alsoClosedBy?: string[];
  kind?: ResourceKind;
  label?: string;
  /** The value's `Symbol.asyncDispose` runs the graceful close (`await using` may replace a `finally`). Default `false`. */
  asyncDispose?: boolean;
}

export function factoryFromSettings(entry: UserResourceEntry): ResourceFactory {
  const path = entry.export === undefined || entry.export === '' || entry.export === 'default' ? [] : entry.export.split('.');
  const last = path.at(-1) ?? entry.module;
  const isNew = entry.new ?? /^[A-Z]/.test(last);
  const closeIsAsync = entry.closeIsAsync ?? true;
  return {
    modules: NODE_BUILTINS.has(entry.module) ? [entry.module, `node:${entry.module}`] : [entry.module],
    path,
    create: isNew ? 'new' : 'call',
    library: entry.module,
    label: entry.label ?? (path.length > 0 ? path.join('.') : 'client'),
    kind: entry.kind ?? 'client',
    close: { method: entry.close, async: closeIsAsync },
    closeMethods: [entry.close, ...(entry.alsoClosedBy ?? [])],
    asyncDispose: entry.asyncDispose === true,
    source: 'settings',
  };
}

/** The functions whose call takes over a stream and closes it when done (`stream.pipeline`, `stream.finished`). */
export const STREAM_CONSUMERS: readonly { modules: readonly string[]; path: readonly string[] }[] = [
  { modules: ['stream', 'node:stream'], path: ['pipeline'] },
  { modules: ['stream', 'node:stream'], path: ['finished'] },
  { modules: ['stream', 'node:stream'], path: ['promises', 'pipeline'] },
  { modules: ['stream', 'node:stream'], path: ['promises', 'finished'] },
  { modules: ['stream/promises', 'node:stream/promises'], path: ['pipeline'] },
  { modules: ['stream/promises', 'node:stream/promises'], path: ['finished'] },
];

/** Every child a value can open, and theirs in turn (a browser's contexts, then their pages). */
export function descendants(spec: ValueSpec): ChildSpec[] {
  const out: ChildSpec[] = [];
  const visit = (s: ValueSpec) => {
    for (const child of s.children ?? []) {
      out.push(child);
      visit(child);
    }
  };
  visit(spec);
  return out;
}

/**
 * Environment variables that tell where the code runs: set by the Lambda runtime in every function (`lambda`), or only
 * by local emulators (`local`: serverless-offline's `IS_OFFLINE`, `serverless invoke local`'s `IS_LOCAL`). Code under
 * `if (!process.env.AWS_LAMBDA_FUNCTION_NAME)` or `if (process.env.IS_OFFLINE)` never runs on Lambda.
 */
export const RUNTIME_ENV_VARIABLES: { readonly lambda: ReadonlySet<string>; readonly local: ReadonlySet<string> } = {
  lambda: new Set(['AWS_LAMBDA_FUNCTION_NAME', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', 'AWS_LAMBDA_RUNTIME_API']),
  local: new Set(['IS_OFFLINE', 'IS_LOCAL']),
};

/** Methods of any object that take ownership of a value passed to them (collections, disposable stacks). */
export const OWNERSHIP_TAKING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'set', 'add', 'use', 'adopt', 'resolve']);

/** `process` methods that register a listener. */
export const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

/** Default export names that Lambda handler strings point at (`app.lambdaHandler` is SAM's TypeScript template). */
export const DEFAULT_HANDLER_NAMES: readonly string[] = ['handler', 'lambdaHandler'];

/** Names of `aws-lambda` types that mark a function as a handler (`Handler`, `APIGatewayProxyHandler`, …). */
export const HANDLER_TYPE_PATTERN = /Handler(V2)?$/;

/** Modules whose types describe Lambda handlers and events. */
export const LAMBDA_TYPE_MODULES: ReadonlySet<string> = new Set(['aws-lambda', '@types/aws-lambda']);

/**
 * Synchronous APIs that block the event loop, and so every other cleanup, when called in a signal listener.
 * `fs.closeSync` is left out: closing a descriptor is what a shutdown listener is for, and it does not wait on I/O.
 */
export const BLOCKING_APIS: readonly { readonly modules: readonly string[]; readonly path: readonly string[] }[] = [
  ...[
    'accessSync', 'appendFileSync', 'chmodSync', 'chownSync', 'copyFileSync', 'cpSync', 'existsSync', 'fchmodSync',
    'fchownSync', 'fdatasyncSync', 'fstatSync', 'fsyncSync', 'ftruncateSync', 'futimesSync', 'globSync', 'lchownSync',
    'linkSync', 'lstatSync', 'lutimesSync', 'mkdirSync', 'mkdtempSync', 'openSync', 'opendirSync', 'readSync',
    'readdirSync', 'readFileSync', 'readlinkSync', 'readvSync', 'realpathSync', 'renameSync', 'rmdirSync', 'rmSync',
    'statSync', 'statfsSync', 'symlinkSync', 'truncateSync', 'unlinkSync', 'utimesSync', 'writeFileSync', 'writeSync',
    'writevSync',
  ].map((name) => ({ modules: ['fs', 'node:fs'], path: [name] })),
  ...['execSync', 'execFileSync', 'spawnSync'].map((name) => ({ modules: ['child_process', 'node:child_process'], path: [name] })),
  ...[
    'deflateSync', 'inflateSync', 'gzipSync', 'gunzipSync', 'deflateRawSync', 'inflateRawSync', 'unzipSync',
    'brotliCompressSync', 'brotliDecompressSync', 'zstdCompressSync', 'zstdDecompressSync',
  ].map((name) => ({ modules: ['zlib', 'node:zlib'], path: [name] })),
  ...[
    'pbkdf2Sync', 'scryptSync', 'randomFillSync', 'generateKeyPairSync', 'generateKeySync', 'generatePrimeSync',
    'checkPrimeSync', 'hkdfSync',
  ].map((name) => ({ modules: ['crypto', 'node:crypto'], path: [name] })),
];

/** Global blocking calls: `Atomics.wait(...)`. */
export const BLOCKING_GLOBALS: readonly (readonly string[])[] = [['Atomics', 'wait']];

/** Clock reads that make a loop a busy-wait when its condition compares them. */
export const CLOCK_READS: readonly (readonly string[])[] = [['Date', 'now'], ['performance', 'now'], ['process', 'hrtime'], ['process', 'hrtime', 'bigint']];

/** Promise-returning sleeps: `timers/promises` `setTimeout(ms)`, also reached as `require('timers').promises.setTimeout`. */
export const PROMISE_SLEEPS: readonly { readonly modules: readonly string[]; readonly path: readonly string[] }[] = [
  { modules: ['timers/promises', 'node:timers/promises'], path: ['setTimeout'] },
  { modules: ['timers', 'node:timers'], path: ['promises', 'setTimeout'] },
];

/** Events whose listeners are shutdown hooks of one kind or another (signals are any `SIG*` name). */
export const PROCESS_EXIT_EVENTS: ReadonlySet<string> = new Set(['exit', 'beforeExit']);

/**
 * Process events whose listeners never run when Lambda shuts an environment down: it sends SIGTERM (with an extension
 * registered) and then SIGKILL, never SIGINT, and the event loop never drains to `beforeExit` / `exit` (LAMBDA-SHUTDOWN.md).
 */
export const INEFFECTIVE_EVENTS: ReadonlySet<string> = new Set(['SIGINT', 'beforeExit', 'exit']);

/** Method names that close or flush something: a call of one is cleanup work a listener must wait for. */
export const CLEANUP_METHOD_NAMES: ReadonlySet<string> = new Set([
  ...RESOURCE_FACTORIES.flatMap((f) => [...f.closeMethods, ...descendants(f).flatMap((c) => c.closeMethods)]),
  'close', 'destroy', 'end', 'quit', 'disconnect', 'dispose', 'shutdown', 'flush', 'stop', 'release', 'terminate',
]);

/**
 * Objects whose cleanup-named methods return nothing to wait for: `process.disconnect()` closes the IPC channel at
 * once, `process.stdin.destroy()` and `console` likewise. A listener that exits right after one cuts nothing off.
 */
export const VOID_CLEANUP_OBJECTS: ReadonlySet<string> = new Set(['process', 'console']);

/**
 * Cleanup methods that are asynchronous whatever the library (`end`, `quit`, `$disconnect` return promises or
 * finish after a network round trip); `close` and `destroy` are synchronous in some libraries (better-sqlite3).
 */
export const ASYNC_CLEANUP_NAMES: ReadonlySet<string> = new Set(['end', 'quit', 'disconnect', '$disconnect', 'flush', 'shutdown']);

/**
 * The shutdown budget of the runtime process on Lambda, from the Extensions API "Shutdown phase":
 * 500 ms in all when only internal extensions are registered, 300 ms for the function beside external ones.
 */
export const LAMBDA_BUDGET_MS = { internalOnly: 500, external: 300 } as const;

/** The path fragment of the Extensions API register call: evidence of an internal extension in code. */
export const EXTENSION_REGISTER_PATH = '/2020-01-01/extension/register';

/** The module the `register-extension` codemod adds to a project; importing it registers an internal extension. */
export const INTERNAL_EXTENSION_MODULE = /(^|\/)lambda-shutdown-extension(\.[cm]?[jt]s)?$/;

/** Layers that are Lambda extensions, matched on the layer *name* (the account differs by region). */
export const EXTENSION_LAYERS: readonly { readonly pattern: RegExp; readonly label: string }[] = [
  { pattern: /^LambdaInsightsExtension(-Arm64)?$/, label: 'CloudWatch Lambda Insights' },
  { pattern: /^AWS-Parameters-and-Secrets-Lambda-Extension(-Arm64)?$/, label: 'AWS Parameters and Secrets' },
  { pattern: /^AWS-AppConfig-Extension(-Arm64)?$/, label: 'AWS AppConfig' },
  { pattern: /^aws-otel-(nodejs|collector)-/, label: 'AWS Distro for OpenTelemetry' },
  { pattern: /^Datadog-Extension(-ARM)?$/, label: 'Datadog' },
  { pattern: /^NewRelicLambdaExtension(ARM64)?$/, label: 'New Relic' },
  { pattern: /^Dynatrace_OneAgent_/, label: 'Dynatrace OneAgent' },
  { pattern: /^LambdaAdapterLayer(X86|Arm64)$/, label: 'Lambda Web Adapter' },
];

/** Layers that are libraries only (no extension in them). */
export const LIBRARY_LAYERS: readonly RegExp[] = [/^AWSLambdaPowertoolsTypeScript/, /^AWSLambdaPowertools/, /^Datadog-Node/, /^Datadog-Python/];

/**
 * A layer named as a build of libraries or binaries for Node.js (`duckdb-nodejs-x86`, `common-deps`, `node_modules`,
 * `sharp-layer`, `chromium`): a library layer, unless its name also has a word of the vendors and tools whose layers
 * carry an extension (`NewRelicNodeJS20X` bundles New Relic's extension; a `*-log-forwarder` may be one). Layer names
 * the catalog lists (EXTENSION_LAYERS, LIBRARY_LAYERS) are matched first; `settings.extensionLayers` overrides.
 */
export const LIBRARY_LAYER_WORDS = /(?:^|[-_.])(?:nodejs|node|node[-_]?modules|deps|dependencies|libs?|librar(?:y|ies)|packages|modules|vendor|common|shared|utils|runtime|chromium|chrome|puppeteer|sharp|ffmpeg|canvas|prisma|duckdb|sqlite|pdf|imagemagick)(?:[-_.]|\d|$)/i;
export const EXTENSION_VENDOR_WORDS = /extension|agent|collector|otel|telemetry|datadog|new[-_]?relic|insights|dynatrace|lumigo|adapter|appconfig|secret|parameter|sentry|honeycomb|splunk|elastic|instana|thundra|epsagon|contrast|tracer|trace|apm|monitor|observ|logs?(?:[-_]|$)|forward|proxy|sidecar/i;

// ---------------------------------------------------------------------------------------------------------------
// Type-aware recognition (core/typed-resources.ts, `settings['lambda-shutdown'].typedResources`)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Methods that close a value, in the order the graceful one is chosen when a type has several. `release` comes
 * first: a value that has it was leased from a pool, and ending or destroying it instead would close the pool's
 * connection. Then the graceful closes (`end` flushes a socket, `close`/`quit`/`$disconnect` wait for pending work),
 * and the hard `destroy` last. A type with none of these but `[Symbol.asyncDispose]` is closed through that.
 */
export const TYPED_CLOSE_METHODS: readonly string[] = ['release', 'end', 'close', 'quit', '$disconnect', 'disconnect', 'destroy'];

/** Hard closes that also count as closing a value recognised by type, when its type has them (net.Socket). */
export const TYPED_EXTRA_CLOSE_METHODS: readonly string[] = ['destroySoon', 'resetAndDestroy'];

/** How a closing `[Symbol.asyncDispose]()` call is named in `closeMethods` (what `propertyName()` returns for it). */
export const ASYNC_DISPOSE_METHOD = '[Symbol.asyncDispose]';

/**
 * Node.js types that hold an operating-system handle: a socket, a file descriptor, an agent's socket pool. A value
 * whose type is one of these, extends one, or (for the project's own classes and a library's declared fields) holds
 * one in a field, is a resource. `module` is the `node:` module that declares the type (without the prefix).
 * Servers are left out on purpose: a Lambda function does not listen, and a framework owns its server's close.
 */
export const HANDLE_TYPES: readonly { readonly module: string; readonly name: string; readonly kind: ResourceKind }[] = [
  { module: 'net', name: 'Socket', kind: 'socket' }, // tls.TLSSocket and tty streams extend it
  { module: 'dgram', name: 'Socket', kind: 'socket' },
  { module: 'http', name: 'Agent', kind: 'agent' }, // https.Agent extends it
  { module: 'http2', name: 'ClientHttp2Session', kind: 'client' },
  { module: 'fs', name: 'WriteStream', kind: 'stream' }, // a write stream with a path and a descriptor
  { module: 'fs/promises', name: 'FileHandle', kind: 'file' },
];

/**
 * Types never recognised by type, whatever they hold (`typedResources.allow` entries override these; `deny` adds
 * to them). Each entry is a type spec: `Name`, `module#Name`, `*` for any name, a module ending in `*` for a prefix.
 * A type is checked from itself up through its base classes, and the nearest match decides, so `net.Socket` (a
 * handle) is a resource although it extends EventEmitter, while a class extending EventEmitter that holds nothing
 * is not.
 */
export const TYPED_RESOURCE_DENY: readonly string[] = [
  // AWS SDK v3 (and v2) clients: destroy() is optional hygiene, never an error to leave (LAMBDA-SHUTDOWN.md).
  '@aws-sdk/*#*',
  '@smithy/*#*',
  'aws-sdk#*',
  // Plain event emitters and in-memory streams hold no handle of their own.
  'events#EventEmitter',
  'stream#*',
  // An HTTP message holds its connection's socket, but the agent or server owns that socket, not the message.
  'http#IncomingMessage',
  'http#OutgoingMessage',
  'http#ClientRequest',
  'http#ServerResponse',
  'http2#Http2Stream',
  // A terminal stream (process.stdout) is a net.Socket the process owns.
  'tty#*',
  // Timers and abort signals have close()/[Symbol.dispose] or abort(), but no connection behind them.
  'timers#*',
  'AbortController',
  'AbortSignal',
];

// ---------------------------------------------------------------------------------------------------------------
// Handlers behind adapters (core/handlers.ts)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Functions whose call makes a Lambda handler out of a web app or a plain function: an export whose value is such a
 * call (through any chain of methods on its result, `middy(fn).use(…)`, `ServerlessAdapter.new(app)….build()`) is a
 * handler under any export name, and the app it adapts runs its routes per invocation. `path: []` is the module value
 * itself (`require('serverless-http')(app)`, `import serverless from 'serverless-http'`).
 */
export const HANDLER_ADAPTERS: readonly { readonly modules: readonly string[]; readonly path: readonly string[]; readonly label: string }[] = [
  { modules: ['serverless-http'], path: [], label: 'serverless-http' },
  { modules: ['@codegenie/serverless-express', '@vendia/serverless-express'], path: [], label: 'serverless-express' },
  { modules: ['@codegenie/serverless-express', '@vendia/serverless-express'], path: ['configure'], label: 'serverless-express' },
  { modules: ['aws-serverless-express'], path: ['proxy'], label: 'aws-serverless-express' },
  { modules: ['@fastify/aws-lambda', 'aws-lambda-fastify'], path: [], label: '@fastify/aws-lambda' },
  { modules: ['hono/aws-lambda'], path: ['handle'], label: 'hono' },
  { modules: ['hono/aws-lambda'], path: ['streamHandle'], label: 'hono' },
  { modules: ['@h4ad/serverless-adapter'], path: ['ServerlessAdapter', 'new'], label: '@h4ad/serverless-adapter' },
  { modules: ['@middy/core', 'middy'], path: [], label: 'middy' },
  { modules: ['@as-integrations/aws-lambda'], path: ['startServerAndCreateLambdaHandler'], label: 'Apollo Server' },
  { modules: ['@apollo/server-integration-aws-lambda'], path: ['startServerAndCreateLambdaHandler'], label: 'Apollo Server' },
  { modules: ['lambda-api'], path: [], label: 'lambda-api' },
];

/**
 * Methods of a web framework's app or router that register per-request code: their function arguments run while a
 * handler runs when the app is adapted (`app.get('/orders', async (req, res) => …)`, `app.use(auth)`).
 */
export const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route', 'on', 'any', 'register', 'addHook', 'onRequest',
  'mount', 'basePath', 'resolver', 'query', 'mutation',
]);
