/**
 * The two package manifests against what their builds import (`npm run build` first): every package a built file
 * of the plugin (dist/ less dist/codemods) or of the codemods' package (codemods/dist) imports is a Node.js
 * built-in or a dependency of that package (a peer dependency, for the plugin's ESLint and TypeScript), and the
 * plugin declares none of the codemods' own dependencies. The versions of the two packages move together.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/bins.js';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const read = (file: string): Manifest => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Manifest;
const plugin = read('package.json');
const codemods = read('codemods/package.json');

function jsFiles(dir: string, skip: string[] = []): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.includes(full)) continue;
    if (entry.isDirectory()) out.push(...jsFiles(full, skip));
    else if (entry.name.endsWith('.js')) out.push(full);
  }
  return out;
}

/** The specifiers a module loads: static imports and re-exports, import(), require() and require.resolve() of a literal. */
function specifiers(code: string): string[] {
  const out: string[] = [];
  simpleTraverse(parse(code, { sourceType: 'module' }), {
    enter(node) {
      if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') && node.source) out.push(node.source.value);
      else if (node.type === 'ImportExpression' && node.source.type === 'Literal' && typeof node.source.value === 'string') out.push(node.source.value);
      else if (node.type === 'CallExpression' && node.arguments[0]?.type === 'Literal' && typeof node.arguments[0].value === 'string') {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isResolve = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'require' && callee.property.type === 'Identifier' && callee.property.name === 'resolve';
        if (isRequire || isResolve) out.push(node.arguments[0].value);
      }
    },
  });
  return out;
}

/** The package names the files load, each with the first file that does. */
function importedPackages(files: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!found.has(name)) found.set(name, path.relative(REPO_ROOT, file));
    }
  }
  return found;
}

describe('package manifests', () => {
  it('the plugin depends on everything its build imports, and on nothing only the codemods use', () => {
    const dist = path.join(REPO_ROOT, 'dist');
    const imported = importedPackages(jsFiles(dist, [path.join(dist, 'codemods')]));
    const declared = new Set([...Object.keys(plugin.dependencies ?? {}), ...Object.keys(plugin.peerDependencies ?? {})]);
    // the plugin's `codemod` command imports the codemods' package only when it is installed (cli/index.ts)
    const missing = [...imported].filter(([name]) => !declared.has(name) && name !== codemods.name);
    expect(missing).toEqual([]);
    for (const own of ['jscodeshift', 'ts-morph', 'diff']) expect(Object.keys(plugin.dependencies ?? {})).not.toContain(own);
    expect(imported.size).toBeGreaterThan(5);
  });

  it("the codemods' package depends on everything its build imports, the plugin's analysis included", () => {
    const imported = importedPackages(jsFiles(path.join(REPO_ROOT, 'codemods', 'dist')));
    const declared = new Set(Object.keys(codemods.dependencies ?? {}));
    expect([...imported].filter(([name]) => !declared.has(name))).toEqual([]);
    for (const own of ['jscodeshift', 'ts-morph', 'diff', 'typescript', 'eslint']) expect(declared, own).toContain(own);
    // the same ranges as the plugin for what the analysis needs
    for (const [name, range] of Object.entries(plugin.dependencies ?? {})) expect(codemods.dependencies?.[name], name).toBe(range);
  });

  it('the two packages have one version, and the codemod-CLI manifests and workflows name it', () => {
    expect(codemods.version).toBe(plugin.version);
    for (const name of ['add-shutdown-hook', 'add-finally-cleanup', 'register-extension']) {
      expect(fs.readFileSync(path.join(REPO_ROOT, 'codemods', name, 'workflow.yaml'), 'utf8')).toContain(`npx --yes ${codemods.name}@${codemods.version} "$@"`);
    }
  });
});
