/**
 * The example service (examples/) as the runtime tests deploy it, in three variants, each in a temporary folder:
 *
 * - `as-written`: examples/ unchanged, mistakes included;
 * - `codemod-all`: after `lambda-shutdown-codemod all --force .` (SIGTERM listeners and `finally` closes, but no
 *   extension: what `require-extension` still reports);
 * - `codemods`: after `codemod all` and then `codemod register-extension --force .` (the internal-extension module
 *   added and imported first by each handler entry that listens for SIGTERM).
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

export type ServiceVariant = 'as-written' | 'codemod-all' | 'codemods';

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

  return {
    'as-written': { variant: 'as-written', sourceDir: asWritten, taskRoot: path.join(workDir, 'as-written-task'), codemodOutput: '' },
    'codemod-all': { variant: 'codemod-all', sourceDir: all, taskRoot: path.join(workDir, 'codemod-all-task'), codemodOutput: allOutput },
    codemods: { variant: 'codemods', sourceDir: full, taskRoot: path.join(workDir, 'codemods-task'), codemodOutput: allOutput + registerOutput },
  };
}
