/**
 * The example service (examples/) as the runtime tests deploy it, in three variants, each in a temporary folder:
 *
 * - `as-written`: examples/ unchanged, mistakes included;
 * - `codemod-all`: after `lambda-shutdown-codemod all --force .` (SIGTERM listeners and `finally` closes, but no
 *   extension: what `require-extension` still reports);
 * - `codemods`: after `codemod all` and then `codemod register-extension --force .` (the internal-extension module
 *   added and imported first by each handler entry that listens for SIGTERM);
 * - `codemods-process-exit`: `codemods` with the end of every generated listener, the re-raise
 *   `process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM');`, replaced by `process.exit(0);`
 *   (withProcessExit below): what `no-process-exit-in-sigterm-listener` reports, run by scenario 6 of the runtime
 *   proof to measure why.
 *
 * The codemods are the codemods package's own bin (codemods/dist, built by `npm run build`), run on a copy of the
 * TypeScript sources, exactly as a user runs them. Then each variant is "deployed" into a task root: the TypeScript
 * files transpiled one by one to ES modules (examples/package.json is `"type": "module"`; TypeScript's
 * transpileModule, what esbuild does for `sam build` minus the bundling), the .mjs/.cjs files copied as they are,
 * and `node_modules` a symlink to this repository's (an ES module resolves packages from its own folder upwards;
 * NODE_PATH is not consulted by ES modules).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './processes.js';

export type ServiceVariant = 'as-written' | 'codemod-all' | 'codemods' | 'codemods-process-exit';

export interface PreparedService {
  variant: ServiceVariant;
  /** The sources after the codemods (a copy of examples/). */
  sourceDir: string;
  /** LAMBDA_TASK_ROOT: the transpiled service; handlers are `src/handlers/<name>.handler`. */
  taskRoot: string;
  /** What the codemods printed. */
  codemodOutput: string;
}

/** The plugin's bin (`lambda-shutdown check …`) and the codemods' (`lambda-shutdown-codemod …`), as built. */
export const BINS = {
  plugin: path.join(repoRoot(), 'dist', 'cli', 'index.js'),
  codemod: path.join(repoRoot(), 'codemods', 'dist', 'codemods', 'cli', 'index.js'),
} as const;

/** Runs one of the bins (the plugin's by default); resolves with its output and exit code. */
export function runCli(args: readonly string[], cwd: string, bin: string = BINS.plugin): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!fs.existsSync(bin)) return Promise.reject(new Error(`${bin} is missing: run \`npm run build\` first`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function codemod(args: readonly string[], cwd: string): Promise<string> {
  const r = await runCli([...args, '--force', '.'], cwd, BINS.codemod);
  if (r.code !== 0) throw new Error(`lambda-shutdown-codemod ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

function copyExamples(to: string): void {
  fs.cpSync(path.join(repoRoot(), 'examples'), to, { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') });
}

/** Transpiles/copies `sourceDir/src` into `taskRoot/src` and links node_modules. */
export function deploy(sourceDir: string, taskRoot: string): void {
  fs.mkdirSync(taskRoot, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8')) as { type?: string };
  fs.writeFileSync(path.join(taskRoot, 'package.json'), `${JSON.stringify({ name: 'task-root', private: true, type: pkg.type ?? 'commonjs' }, null, 2)}\n`);
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(sourceDir, rel), { withFileTypes: true })) {
      const from = path.join(sourceDir, rel, entry.name);
      const relName = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        fs.mkdirSync(path.join(taskRoot, relName), { recursive: true });
        walk(relName);
      } else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const out = ts.transpileModule(fs.readFileSync(from, 'utf8'), {
          fileName: from,
          reportDiagnostics: false,
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
        });
        fs.writeFileSync(path.join(taskRoot, relName.replace(/\.ts$/, '.js')), out.outputText);
      } else if (/\.(mjs|cjs|js)$/.test(entry.name)) {
        fs.copyFileSync(from, path.join(taskRoot, relName));
      }
    }
  };
  walk('src');
  const link = path.join(taskRoot, 'node_modules');
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(repoRoot(), 'node_modules'), link, 'dir');
}

/** How the listeners the codemods write end the process: the re-raise, two statements on their own lines. */
const RE_RAISE = /^([ \t]*)process\.removeAllListeners\('SIGTERM'\);\r?\n\1process\.kill\(process\.pid, 'SIGTERM'\);[ \t]*$/gm;

/** The handlers the runtime proof runs: each must have one generated listener for withProcessExit to rewrite. */
export const PROCESS_EXIT_HANDLERS = ['src/handlers/create-order.ts', 'src/handlers/get-order.ts', 'src/handlers/export-report.cjs'] as const;

/**
 * Rewrites, in place, every re-raise under `sourceDir/src` into `process.exit(0);` (same indentation), and returns
 * the files it changed (relative, with `/`). Throws, changing nothing, unless each of PROCESS_EXIT_HANDLERS has
 * exactly one re-raise and no `process.kill(process.pid, 'SIGTERM')` is left anywhere after the rewrite: a change in
 * the text the codemods write must fail here, not quietly run the unchanged listeners.
 */
export function withProcessExit(sourceDir: string): string[] {
  const rewritten = new Map<string, string>();
  const counts = new Map<string, number>();
  const leftovers: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(sourceDir, rel), { withFileTypes: true })) {
      const relName = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(relName);
      else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name)) {
        const text = fs.readFileSync(path.join(sourceDir, relName), 'utf8');
        let n = 0;
        const out = text.replace(RE_RAISE, (_m, indent: string) => {
          n++;
          return `${indent}process.exit(0);`;
        });
        if (/process\.kill\(\s*process\.pid\s*,\s*['"]SIGTERM['"]\s*\)/.test(out)) leftovers.push(relName);
        if (n > 0) {
          counts.set(relName, n);
          rewritten.set(relName, out);
        }
      }
    }
  };
  walk('src');
  const problems = [
    ...PROCESS_EXIT_HANDLERS.filter((file) => counts.get(file) !== 1).map((file) => `${file}: ${counts.get(file) ?? 0} re-raises, expected 1`),
    ...leftovers.map((file) => `${file}: a process.kill(process.pid, 'SIGTERM') not in the expected two-line form is left`),
  ];
  if (problems.length > 0) throw new Error(`withProcessExit(${sourceDir}): the codemods' listeners are not as expected:\n${problems.join('\n')}`);
  for (const [file, text] of rewritten) fs.writeFileSync(path.join(sourceDir, file), text);
  return [...rewritten.keys()].sort();
}

/** Prepares the variants under `workDir` (which must exist). */
export async function prepareServices(workDir: string): Promise<Record<ServiceVariant, PreparedService>> {
  const asWritten = path.join(workDir, 'as-written');
  copyExamples(asWritten);
  deploy(asWritten, path.join(workDir, 'as-written-task'));

  const all = path.join(workDir, 'codemod-all');
  copyExamples(all);
  const allOutput = await codemod(['all'], all);
  deploy(all, path.join(workDir, 'codemod-all-task'));

  const full = path.join(workDir, 'codemods');
  fs.cpSync(all, full, { recursive: true });
  const registerOutput = await codemod(['register-extension'], full);
  deploy(full, path.join(workDir, 'codemods-task'));

  const exiting = path.join(workDir, 'codemods-process-exit');
  fs.cpSync(full, exiting, { recursive: true });
  const exitFiles = withProcessExit(exiting);
  deploy(exiting, path.join(workDir, 'codemods-process-exit-task'));

  return {
    'as-written': { variant: 'as-written', sourceDir: asWritten, taskRoot: path.join(workDir, 'as-written-task'), codemodOutput: '' },
    'codemod-all': { variant: 'codemod-all', sourceDir: all, taskRoot: path.join(workDir, 'codemod-all-task'), codemodOutput: allOutput },
    codemods: { variant: 'codemods', sourceDir: full, taskRoot: path.join(workDir, 'codemods-task'), codemodOutput: allOutput + registerOutput },
    'codemods-process-exit': {
      variant: 'codemods-process-exit',
      sourceDir: exiting,
      taskRoot: path.join(workDir, 'codemods-process-exit-task'),
      codemodOutput: `${allOutput}${registerOutput}withProcessExit: ${exitFiles.join(', ')}\n`,
    },
  };
}
