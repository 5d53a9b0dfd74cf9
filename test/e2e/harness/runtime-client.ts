/**
 * Which client the emulator's runtime (aws-lambda-ric 3.3.0) talks to the Runtime API with on this machine.
 *
 * - `native`: the addon its install scripts build (dist/rapid-client.node), as on Lambda. Used whenever it is built.
 * - `stand-in`: without the addon the runtime cannot start at all (RAPIDClient loads it in its constructor, even
 *   with AWS_LAMBDA_NODEJS_USE_ALTERNATIVE_CLIENT_1=true). rapid-client-stand-in.cjs, preloaded, takes its place
 *   with the same three functions meeting the event loop the same way: `next` sends its GET from another thread,
 *   `done` and `error` block. (The runtime's own alternative client would not do: it sends the first GET from the
 *   main thread's event loop, after a registration started earlier, so it never shows the race the CommonJS module
 *   of the register-extension codemod exists to win.)
 *   What it does not reproduce: `process.exit()` while `next` is pending. The addon's GET blocks a libuv threadpool
 *   thread, which Node's exit joins, so the process hangs until SIGKILL; the stand-in's worker thread is terminated
 *   by the exit, which then ends the process (runtime.test.ts scenario 6 runs that case under the native client only).
 *
 * LAMBDA_SHUTDOWN_REQUIRE_RIC=1 makes a missing addon an error instead, as in the other e2e tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './processes.js';

export type RuntimeClient = 'native' | 'stand-in';

const STAND_IN = fileURLToPath(new URL('./rapid-client-stand-in.cjs', import.meta.url));

/** The client the runtime will use: the native one when it is built. */
export function runtimeClient(): RuntimeClient {
  const addon = path.join(repoRoot(), 'node_modules', 'aws-lambda-ric', 'dist', 'rapid-client.node');
  if (fs.existsSync(addon)) return 'native';
  if (process.env['LAMBDA_SHUTDOWN_REQUIRE_RIC'] === '1') {
    throw new Error(`aws-lambda-ric's native client is missing (${addon}): run \`npm rebuild aws-lambda-ric\` (needs cmake, make, g++, autoconf, automake, libtool)`);
  }
  return 'stand-in';
}

/** What the emulator's `env` needs for that client (nothing for the native one). */
export function runtimeClientEnv(client: RuntimeClient = runtimeClient()): Record<string, string> {
  return client === 'native' ? {} : { NODE_OPTIONS: `--require=${JSON.stringify(STAND_IN)}` };
}
