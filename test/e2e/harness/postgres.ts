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
 * package creates. The binaries come from PATH, /usr/local/bin or /usr/lib/postgresql/<version>/bin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { exited, findExecutable, freePort, onLines, spawnTracked, userIds, withTimeout, Changes } from './processes.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** initdb and postgres of one installation, or null when PostgreSQL is not installed. */
export function findPostgres(): PostgresBinaries | null {
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
    if (fs.existsSync(postgres)) return { initdb, postgres };
  }
  return null;
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
  ) {}

  /** initdb + postgres on a free port; resolves when it accepts connections. */
  static async start(binaries: PostgresBinaries): Promise<PostgresServer> {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-pg-'));
    const runAs = process.getuid?.() === 0 ? userIds('postgres') : null;
    if (process.getuid?.() === 0 && !runAs) throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as');
    if (runAs) fs.chownSync(baseDir, runAs.uid, runAs.gid);
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
      const server = new PostgresServer(child, port, baseDir);
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
