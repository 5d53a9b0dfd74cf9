/**
 * A real Redis server for the runtime tests: redis-server on a free port on 127.0.0.1, no persistence, a temporary
 * working directory, stopped by stop().
 *
 * What the server saw: at `loglevel verbose` Redis logs "Client closed connection id=… name=…" when a client's
 * connection reaches EOF without the client having said QUIT, i.e. the client process vanished. A client that ends
 * with QUIT (ioredis `quit()`) is closed by the server after its reply and logs nothing. So a connection is
 * *terminated* when it left CLIENT LIST with no such line, and *aborted* when the line is there. The function's
 * connections are told apart by their CLIENT SETNAME (ioredis's `connectionName`, set through the URL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { exited, findExecutable, freePort, onLines, pollUntil, spawnTracked, withTimeout, Changes } from './processes.js';

/** redis-server, or null when it is not installed. */
export function findRedis(): string | null {
  return findExecutable('redis-server', ['/usr/bin', '/usr/local/bin', '/usr/sbin']);
}

export interface RedisClientInfo {
  id: number;
  name: string;
  addr: string;
}

export interface RedisConnectionEnd {
  id: number;
  name: string;
  aborted: boolean;
}

const CLOSED = /Client closed connection id=(\d+) .*?\bname=(\S*)/;
const HARNESS_NAME = 'lambda-shutdown-harness';

export class RedisServer {
  readonly log: string[] = [];
  /** Connection ids whose EOF the server logged (the client vanished without QUIT). */
  private readonly closedByEof = new Map<number, string>();
  private readonly changes = new Changes();
  private harness: Redis | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(binary: string): Promise<RedisServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-redis-'));
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const child = spawnTracked(
        binary,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'verbose', '--logfile', '', '--daemonize', 'no'],
        { cwd: dir, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const server = new RedisServer(child, port, dir);
      if (child.stdout) onLines(child.stdout, (line) => server.onLogLine(line));
      if (child.stderr) onLines(child.stderr, (line) => server.onLogLine(line));
      const outcome = await withTimeout(
        Promise.race([
          server.untilChange(() => server.log.some((l) => l.includes('Ready to accept connections'))).then(() => 'ready' as const),
          exited(child).then(() => 'exited' as const),
        ]),
        15_000,
        `redis-server did not start:\n${server.log.join('\n')}`,
      );
      if (outcome === 'ready') return server;
      if (attempt >= 3 || !server.log.some((l) => /Address already in use|Could not create server TCP/.test(l))) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`redis-server exited during startup:\n${server.log.join('\n')}`);
      }
    }
  }

  /** A URL for a client named `connectionName` (ioredis copies URL query parameters into its options). */
  url(connectionName: string): string {
    return `redis://127.0.0.1:${this.port}/0?connectionName=${encodeURIComponent(connectionName)}`;
  }

  /** The harness's own connection. */
  client(): Redis {
    this.harness ??= new Redis({ host: '127.0.0.1', port: this.port, connectionName: HARNESS_NAME, maxRetriesPerRequest: 1 });
    return this.harness;
  }

  /** CLIENT LIST, parsed; only clients named `name` when given. */
  async clients(name?: string): Promise<RedisClientInfo[]> {
    const text = (await this.client().call('CLIENT', 'LIST')) as string;
    const list = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const fields = new Map(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
        return { id: Number(fields.get('id')), name: fields.get('name') ?? '', addr: fields.get('addr') ?? '' };
      });
    return name === undefined ? list : list.filter((c) => c.name === name);
  }

  /**
   * Waits until none of `clients` is connected any more (Redis announces no event when it closes a connection after
   * QUIT, so CLIENT LIST is polled) and says how each one ended.
   */
  async connectionsEnded(clients: readonly RedisClientInfo[], timeoutMs = 10_000): Promise<RedisConnectionEnd[]> {
    const ids = new Set(clients.map((c) => c.id));
    await pollUntil(
      async () => {
        const still = (await this.clients()).filter((c) => ids.has(c.id));
        return still.length === 0 ? true : undefined;
      },
      { timeoutMs, what: `Redis connections ${[...ids].join(', ')} to close` },
    );
    return clients.map((c) => ({ id: c.id, name: c.name, aborted: this.closedByEof.has(c.id) }));
  }

  private onLogLine(line: string): void {
    this.log.push(line);
    const m = CLOSED.exec(line);
    if (m) this.closedByEof.set(Number(m[1]), m[2]!);
    this.changes.notify();
  }

  private untilChange(predicate: () => boolean): Promise<void> {
    return this.changes.until(predicate);
  }

  async stop(): Promise<void> {
    if (this.harness) {
      this.harness.disconnect();
      this.harness = null;
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      try {
        await withTimeout(exited(this.child), 10_000, 'redis-server did not stop');
      } catch {
        this.child.kill('SIGKILL');
        await exited(this.child);
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
