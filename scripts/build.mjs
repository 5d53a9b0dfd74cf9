#!/usr/bin/env node
/**
 * `npm run build`: one TypeScript build of the repository into dist/, then the codemods' package assembled from it.
 *
 * - dist/ is everything the sources compile to. The plugin's package (the repository root) publishes it without
 *   dist/codemods (package.json `files`), so that a lint-only install gets nothing only the codemods need.
 * - codemods/dist/ is the lambda-shutdown-codemod package's build: its own code (dist/codemods) and the plugin's
 *   rules and core analysis that it runs (dist/index.js, dist/rules, dist/core), with the layout of dist/ so that the
 *   compiled relative imports hold. The codemods thus run the very analysis the rules of the same commit run, and the
 *   published package needs no plugin version to agree with. Only .js files are copied (no maps into sources it does
 *   not ship, no declarations: the package is a command).
 * - The register-extension templates are read at run time beside their module, so they are copied next to it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const codemodsDist = path.join(root, 'codemods', 'dist');

fs.rmSync(dist, { recursive: true, force: true });
fs.rmSync(codemodsDist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const templates = path.join('codemods', 'register-extension', 'templates');
fs.cpSync(path.join(root, templates), path.join(dist, templates), { recursive: true });

/** What the codemods' package runs, relative to dist/. */
const SHIPPED = ['index.js', 'rules', 'core', 'codemods'];
for (const entry of SHIPPED) {
  fs.cpSync(path.join(dist, entry), path.join(codemodsDist, entry), {
    recursive: true,
    filter: (source) => fs.statSync(source).isDirectory() || source.endsWith('.js') || source.includes(`${path.sep}templates${path.sep}`),
  });
}
