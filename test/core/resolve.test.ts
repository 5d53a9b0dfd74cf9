/**
 * The deployment resolver (core/deploy/resolve.ts) on its own: where it looks for the config files that deploy a
 * source file (ancestors up to the cwd, infrastructure folders beside them), how entries map back to sources
 * (`dist/` → `src/`, `index` → its directory), its per-process cache (by path, mtime and size, re-checked after 2 s),
 * its one-time warnings, and how a layer and a whole deployment are classified.
 *
 * Projects are written to temporary directories (os.tmpdir()) so that mtimes, sizes and symlinks can be changed;
 * the realistic fixture projects under test/fixtures/projects/ are read as they are.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXTENSION_LAYERS } from '../../core/catalog.js';
import type { FunctionDeployment, LayerRef } from '../../core/deploy/model.js';
import { READERS } from '../../core/deploy/readers.js';
import { classifyLayer, clearDeploymentCache, deploymentStatus, deploymentsFor, layerName, setWarningHandler, warn } from '../../core/deploy/resolve.js';
import { resolveSettings } from '../../core/settings.js';

const PROJECTS = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));
const TMP = mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-resolve-'));
const settings = resolveSettings(undefined);

let counter = 0;
/** A fresh project directory under the temporary root, with the given files (path → text). */
function project(files: Record<string, string>): string {
  const dir = path.join(TMP, `p${++counter}`);
  for (const [rel, text] of Object.entries(files)) write(path.join(dir, rel), text);
  return dir;
}
function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

interface SamFunction {
  id: string;
  codeUri: string;
  handler: string;
  layers?: string[];
  environment?: Record<string, string>;
}
/** A SAM template declaring these functions. */
function template(...functions: SamFunction[]): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (const fn of functions) {
    lines.push(`  ${fn.id}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Runtime: nodejs20.x', `      CodeUri: ${fn.codeUri}`, `      Handler: ${fn.handler}`);
    if (fn.layers) lines.push('      Layers:', ...fn.layers.map((l) => `        - ${l}`));
    if (fn.environment) lines.push('      Environment:', '        Variables:', ...Object.entries(fn.environment).map(([k, v]) => `          ${k}: "${v}"`));
  }
  return `${lines.join('\n')}\n`;
}

const HANDLER = 'export const handler = async () => {};\n';
const INSIGHTS = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53';
const POWERTOOLS = 'arn:aws:lambda:us-east-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20';

/** A layer version ARN. */
const arn = (name: string, version = 1, region = 'eu-west-1', account = '123456789012') => `arn:aws:lambda:${region}:${account}:layer:${name}:${version}`;

const names = (file: string, cwd: string): string[] => deploymentsFor(file, cwd).deployments.map((d) => d.name);
const samReader = READERS.find((r) => r.tool === 'sam-or-cloudformation')!;

const warnings: string[] = [];
const originalWarn = warn;

beforeEach(() => {
  clearDeploymentCache();
  warnings.length = 0;
  setWarningHandler((message) => warnings.push(message));
});
afterEach(() => {
  vi.restoreAllMocks();
  setWarningHandler(originalWarn);
});
afterAll(() => {
  clearDeploymentCache();
  rmSync(TMP, { recursive: true, force: true });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('deploymentsFor: where it looks', () => {
  it('finds a template in an ancestor of the file', () => {
    const dir = project({
      'template.yaml': template({ id: 'GetOrder', codeUri: 'src/', handler: 'handlers/get-order.handler' }),
      'src/handlers/get-order.ts': HANDLER,
    });
    expect(names(path.join(dir, 'src/handlers/get-order.ts'), dir)).toEqual(['GetOrder']);
  });

  it('returns every deployment of the file, from the file’s folder upwards', () => {
    const dir = project({
      'template.yaml': template({ id: 'Root', codeUri: 'services/api/src/', handler: 'app.handler' }),
      'services/api/template.yaml': template({ id: 'Nested', codeUri: 'src/', handler: 'app.handler' }, { id: 'Other', codeUri: 'src/', handler: 'other.handler' }),
      'services/api/src/app.ts': HANDLER,
    });
    expect(names(path.join(dir, 'services/api/src/app.ts'), dir)).toEqual(['Nested', 'Root']);
  });

  it.each(['infra', 'infrastructure', 'iac', 'deploy', 'deployment', 'terraform', 'tf', 'cdk', 'lib', 'stacks', 'bin', 'template', 'templates'])(
    'finds a template in %s/ beside the project root',
    (folder) => {
      const dir = project({
        [`${folder}/template.yaml`]: template({ id: 'Fn', codeUri: '../src/', handler: 'app.handler' }),
        'src/app.ts': HANDLER,
      });
      expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual(['Fn']);
    },
  );

  it('looks in the infrastructure folders beside every ancestor, not only the file’s', () => {
    const dir = project({
      'infra/orders.template.yaml': template({ id: 'Fn', codeUri: '../packages/orders/src/', handler: 'handlers/get.handler' }),
      'packages/orders/src/handlers/get.ts': HANDLER,
    });
    expect(names(path.join(dir, 'packages/orders/src/handlers/get.ts'), dir)).toEqual(['Fn']);
  });

  it('does not search folders that are not infrastructure folders (config/, src/)', () => {
    const dir = project({
      'config/template.yaml': template({ id: 'Fn', codeUri: '../src/', handler: 'app.handler' }),
      'src/app.ts': HANDLER,
    });
    expect(deploymentsFor(path.join(dir, 'src/app.ts'), dir)).toEqual({ deployments: [], unreadable: [] });
  });

  it('reads the fixture projects: terraform/ beside the root, lib/ of a CDK app, a serverless.yml with two functions for one file', () => {
    const tf = path.join(PROJECTS, 'terraform-app');
    expect(names(path.join(tf, 'src/handlers/restock.js'), tf)).toEqual(['restock']);
    const cdk = path.join(PROJECTS, 'cdk-lib-layout');
    expect(names(path.join(cdk, 'lambda/delete-note.mjs'), cdk)).toEqual(['DeleteNoteFunction']);
    const sls = path.join(PROJECTS, 'serverless-override');
    expect(names(path.join(sls, 'src/handlers/orders.ts'), sls)).toEqual(['createOrder', 'ordersQueue']);
    const docker = path.join(PROJECTS, 'container-app');
    expect(names(path.join(docker, 'app.mjs'), docker)).toEqual(['app.handler']);
  });

  it('takes a relative filename relative to the cwd', () => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }), 'src/app.ts': HANDLER });
    expect(names('src/app.ts', dir)).toEqual(['Fn']);
  });
});

describe('deploymentsFor: nothing outside the cwd', () => {
  it('ignores a config above the cwd', () => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'app/src/', handler: 'app.handler' }), 'app/src/app.ts': HANDLER });
    const file = path.join(dir, 'app/src/app.ts');
    expect(deploymentsFor(file, path.join(dir, 'app'))).toEqual({ deployments: [], unreadable: [] });
    // the same template is found once the cwd includes it
    clearDeploymentCache();
    expect(names(file, dir)).toEqual(['Fn']);
  });

  it('ignores an unreadable config above the cwd too (no warning)', () => {
    const dir = project({ 'template.yaml': 'Resources: [\n', 'app/src/app.ts': HANDLER });
    expect(deploymentsFor(path.join(dir, 'app/src/app.ts'), path.join(dir, 'app'))).toEqual({ deployments: [], unreadable: [] });
    expect(warnings).toEqual([]);
  });

  it('gives a file outside the cwd nothing, even with a config beside it', () => {
    const dir = project({
      'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }),
      'src/app.ts': HANDLER,
      'other/readme.md': '# other\n',
    });
    const spy = vi.spyOn(samReader, 'read');
    expect(deploymentsFor(path.join(dir, 'src/app.ts'), path.join(dir, 'other'))).toEqual({ deployments: [], unreadable: [] });
    expect(deploymentsFor('../src/app.ts', path.join(dir, 'other'))).toEqual({ deployments: [], unreadable: [] });
    expect(spy).not.toHaveBeenCalled();
  });

  it('drops entries that resolve outside the cwd (CodeUri: ../shared/)', () => {
    const dir = project({
      'app/template.yaml': template({ id: 'Shared', codeUri: '../shared/', handler: 'app.handler' }, { id: 'Own', codeUri: 'src/', handler: 'app.handler' }),
      'app/src/app.ts': HANDLER,
      'shared/app.ts': HANDLER,
    });
    const spy = vi.spyOn(samReader, 'read');
    const cwd = path.join(dir, 'app');
    expect(names(path.join(cwd, 'src/app.ts'), cwd)).toEqual(['Own']);
    const read = spy.mock.results[0]!.value as FunctionDeployment[];
    expect(read.find((d) => d.name === 'Shared')!.entryModules).toEqual([]);
  });

  it('does not match an entry outside the cwd even when its dist→src twin is the file', () => {
    // cwd = <p>/src; a reader entry <p>/dist/app is outside it, though <p>/src/app would be its source.
    // (the text names the module, as any config that deploys it does: one that does not is never parsed for it)
    const dir = project({ 'src/template.yaml': '# Handler: app.handler\nResources: {}\n', 'src/app.ts': HANDLER });
    const cwd = path.join(dir, 'src');
    const outside: FunctionDeployment = {
      tool: 'sam',
      name: 'Outside',
      configFile: path.join(cwd, 'template.yaml'),
      line: 1,
      entryModules: [path.join(dir, 'dist/app')],
      handlerExport: 'handler',
      layers: [],
      environment: {},
      implicitExtensions: [],
    };
    const inside: FunctionDeployment = { ...outside, name: 'Inside', entryModules: [path.join(cwd, 'dist/app')] };
    vi.spyOn(samReader, 'read').mockReturnValue([outside, inside]);
    expect(names(path.join(cwd, 'app.ts'), cwd)).toEqual([]);
    clearDeploymentCache();
    // control: the same mapping inside the cwd (<cwd>/dist/app → <cwd>/src/app) matches a file in <cwd>/src
    write(path.join(cwd, 'src/app.ts'), HANDLER);
    expect(names(path.join(cwd, 'src/app.ts'), cwd)).toEqual(['Inside']);
  });
});

describe('deploymentsFor: entries and source files', () => {
  it('matches a dist/ handler to the TypeScript source in src/, and to the compiled file itself', () => {
    const dir = project({
      'template.yaml': template({ id: 'Fn', codeUri: '.', handler: 'dist/handlers/app.handler' }),
      'src/handlers/app.ts': HANDLER,
      'dist/handlers/app.js': HANDLER,
    });
    expect(names(path.join(dir, 'src/handlers/app.ts'), dir)).toEqual(['Fn']);
    expect(names(path.join(dir, 'dist/handlers/app.js'), dir)).toEqual(['Fn']);
    expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual([]);
  });

  it.each(['build', 'out', 'lib', '.build'])('maps %s/ output to src/ as well', (out) => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: '.', handler: `${out}/app.handler` }), 'src/app.ts': HANDLER });
    expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual(['Fn']);
  });

  it.each(['index.ts', 'index.js', 'index.mjs', 'index.cjs', 'index.mts'])('matches handlers/orders/%s to Handler handlers/orders.handler', (index) => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'handlers/orders.handler' }), [`src/handlers/orders/${index}`]: HANDLER });
    expect(names(path.join(dir, 'src/handlers/orders', index), dir)).toEqual(['Fn']);
  });

  it('matches Handler index.handler to index.* itself', () => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'fn/', handler: 'index.handler' }), 'fn/index.js': HANDLER });
    expect(names(path.join(dir, 'fn/index.js'), dir)).toEqual(['Fn']);
  });

  it.each(['app.ts', 'app.mts', 'app.cts', 'app.tsx', 'app.js', 'app.mjs', 'app.cjs', 'app.jsx'])('matches %s to Handler app.handler', (file) => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }), [`src/${file}`]: HANDLER });
    expect(names(path.join(dir, 'src', file), dir)).toEqual(['Fn']);
  });

  it('does not match a file whose name only starts like the entry', () => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }), 'src/app-v2.ts': HANDLER, 'src/app.test.ts': HANDLER });
    expect(names(path.join(dir, 'src/app-v2.ts'), dir)).toEqual([]);
    expect(names(path.join(dir, 'src/app.test.ts'), dir)).toEqual([]);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('deploymentsFor: the cache', () => {
  const T1 = new Date('2024-03-01T10:00:00Z');
  const T2 = new Date('2024-03-01T11:00:00Z');

  /** A project whose template gives Fn the layer `layer`, with the template's mtime set to `mtime`. */
  function cached(layer: string, mtime = T1) {
    const dir = project({ 'src/app.ts': HANDLER, 'src/other.ts': HANDLER });
    const file = path.join(dir, 'template.yaml');
    write(file, template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler', layers: [layer] }, { id: 'Other', codeUri: 'src/', handler: 'other.handler' }));
    utimesSync(file, mtime, mtime);
    return { dir, file, app: path.join(dir, 'src/app.ts') };
  }
  const layersOf = (file: string, cwd: string) => deploymentsFor(file, cwd).deployments.map((d) => d.layers);

  it('parses a config once for any number of lookups (spied through READERS)', () => {
    const { dir, app } = cached(INSIGHTS);
    const spy = vi.spyOn(samReader, 'read');
    expect(names(app, dir)).toEqual(['Fn']);
    expect(names(app, dir)).toEqual(['Fn']);
    expect(names(path.join(dir, 'src/other.ts'), dir)).toEqual(['Other']);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('does not parse again after the 2 s recheck window when mtime and size are unchanged', () => {
    const { dir, app } = cached(INSIGHTS);
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const spy = vi.spyOn(samReader, 'read');
    names(app, dir);
    now.mockReturnValue(1_000_000 + 10_000);
    names(app, dir);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('sees a changed template (new mtime) only after the 2 s recheck window', () => {
    const { dir, file, app } = cached(POWERTOOLS);
    const now = vi.spyOn(Date, 'now').mockReturnValue(5_000_000);
    const spy = vi.spyOn(samReader, 'read');
    expect(layersOf(app, dir)).toEqual([[{ text: POWERTOOLS, line: 11 }]]);

    write(file, template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler', layers: [INSIGHTS] }, { id: 'Other', codeUri: 'src/', handler: 'other.handler' }));
    utimesSync(file, T2, T2);
    now.mockReturnValue(5_000_000 + 1_999);
    expect(layersOf(app, dir)).toEqual([[{ text: POWERTOOLS, line: 11 }]]);
    expect(spy).toHaveBeenCalledTimes(1);

    now.mockReturnValue(5_000_000 + 2_000);
    expect(layersOf(app, dir)).toEqual([[{ text: INSIGHTS, line: 11 }]]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('re-reads a template whose size changed even though its mtime did not', () => {
    const { dir, file, app } = cached(POWERTOOLS);
    const now = vi.spyOn(Date, 'now').mockReturnValue(9_000_000);
    expect(layersOf(app, dir)).toEqual([[{ text: POWERTOOLS, line: 11 }]]);
    write(file, template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler', layers: [POWERTOOLS, INSIGHTS] }, { id: 'Other', codeUri: 'src/', handler: 'other.handler' }));
    utimesSync(file, T1, T1);
    now.mockReturnValue(9_000_000 + 5_000);
    expect(layersOf(app, dir)).toEqual([
      [
        { text: POWERTOOLS, line: 11 },
        { text: INSIGHTS, line: 12 },
      ],
    ]);
  });

  it('forgets everything with clearDeploymentCache', () => {
    const { dir, file, app } = cached(POWERTOOLS);
    expect(layersOf(app, dir)).toEqual([[{ text: POWERTOOLS, line: 11 }]]);
    write(file, template({ id: 'Renamed', codeUri: 'src/', handler: 'app.handler' }));
    utimesSync(file, T2, T2);
    expect(names(app, dir)).toEqual(['Fn']);
    clearDeploymentCache();
    expect(names(app, dir)).toEqual(['Renamed']);
  });

  it('finds a config file added to a folder after the folder was listed, once the window has passed', () => {
    const dir = project({ 'src/app.ts': HANDLER, 'README.md': '# app\n' });
    const now = vi.spyOn(Date, 'now').mockReturnValue(20_000_000);
    expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual([]);
    write(path.join(dir, 'template.yaml'), template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }));
    // force a different folder mtime even on file systems with coarse timestamps
    utimesSync(dir, T2, T2);
    now.mockReturnValue(20_000_000 + 2_500);
    expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual(['Fn']);
  });

  it('forgets a deleted config once the window has passed', () => {
    const { dir, file, app } = cached(INSIGHTS);
    const now = vi.spyOn(Date, 'now').mockReturnValue(30_000_000);
    expect(names(app, dir)).toEqual(['Fn']);
    rmSync(file);
    now.mockReturnValue(30_000_000 + 2_500);
    expect(names(app, dir)).toEqual([]);
  });
});

describe('deploymentsFor: unreadable configs', () => {
  const MALFORMED = 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n     Properties: { Handler: app.handler\n';

  it('warns once per file version about a malformed file, and lists it as unreadable', () => {
    const dir = project({ 'template.yaml': MALFORMED, 'src/app.ts': HANDLER });
    const file = path.join(dir, 'template.yaml');
    utimesSync(file, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
    const now = vi.spyOn(Date, 'now').mockReturnValue(40_000_000);
    const app = path.join(dir, 'src/app.ts');

    expect(deploymentsFor(app, dir)).toEqual({ deployments: [], unreadable: [file] });
    expect(deploymentsFor(app, dir)).toEqual({ deployments: [], unreadable: [file] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^eslint-plugin-lambda-shutdown: could not read deployment config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: `));
    expect(warnings[0]).toContain('Functions it declares are treated as unknown.');

    // after the window, the same version: no new warning
    now.mockReturnValue(40_000_000 + 5_000);
    expect(deploymentsFor(app, dir).unreadable).toEqual([file]);
    expect(warnings).toHaveLength(1);

    // a new version (new mtime), still malformed: one more warning
    utimesSync(file, new Date('2024-01-02T00:00:00Z'), new Date('2024-01-02T00:00:00Z'));
    now.mockReturnValue(40_000_000 + 10_000);
    deploymentsFor(app, dir);
    deploymentsFor(app, dir);
    expect(warnings).toHaveLength(2);
  });

  it('never parses a config that does not name the module (nor warns about it when it is malformed)', () => {
    const dir = project({
      'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }),
      'infra/serverless.yml': 'service: x\nfunctions:\n  other: [\n',
      'src/app.ts': HANDLER,
    });
    const read = vi.spyOn(samReader, 'read');
    const lookup = deploymentsFor(path.join(dir, 'src/app.ts'), dir);
    expect(lookup.deployments.map((d) => d.name)).toEqual(['Fn']);
    expect(lookup.unreadable).toEqual([]);
    expect(warnings).toHaveLength(0);
    expect(read).toHaveBeenCalledTimes(1);
    // a module no config names reads none of them
    write(path.join(dir, 'src/helper.ts'), HANDLER);
    expect(deploymentsFor(path.join(dir, 'src/helper.ts'), dir).deployments).toEqual([]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('keeps the matching deployments of other configs beside an unreadable one', () => {
    const dir = project({
      'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }),
      'infra/serverless.yml': 'service: x\nfunctions:\n  a: [ app.handler\n',
      'src/app.ts': HANDLER,
    });
    const lookup = deploymentsFor(path.join(dir, 'src/app.ts'), dir);
    expect(lookup.deployments.map((d) => d.name)).toEqual(['Fn']);
    expect(lookup.unreadable).toEqual([path.join(dir, 'infra/serverless.yml')]);
    expect(warnings).toHaveLength(1);
  });

  it('skips a config larger than 2 MiB with a warning, without parsing it', () => {
    const body = template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler', layers: [INSIGHTS] });
    const padding = `# ${'x'.repeat(100)}\n`.repeat(Math.ceil((2 * 1024 * 1024) / 103));
    const dir = project({ 'template.yaml': body + padding, 'src/app.ts': HANDLER });
    const file = path.join(dir, 'template.yaml');
    const spy = vi.spyOn(samReader, 'read');
    expect(deploymentsFor(path.join(dir, 'src/app.ts'), dir)).toEqual({ deployments: [], unreadable: [file] });
    expect(spy).not.toHaveBeenCalled();
    expect(warnings).toEqual([`eslint-plugin-lambda-shutdown: could not read deployment config ${file} is larger than 2 MiB; skipped. Functions it declares are treated as unknown.`]);
  });

  it('reads a config of exactly 2 MiB', () => {
    const body = template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' });
    const dir = project({ 'template.yaml': body.padEnd(2 * 1024 * 1024 - 1, ' ') + '\n', 'src/app.ts': HANDLER });
    expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual(['Fn']);
    expect(warnings).toEqual([]);
  });

  it('survives a symlink loop in the tree (folders linking to their ancestors, config files linking to each other)', () => {
    const dir = project({ 'template.yaml': template({ id: 'Fn', codeUri: 'src/', handler: 'app.handler' }), 'src/app.ts': HANDLER });
    symlinkSync(dir, path.join(dir, 'src/loop'), 'dir');
    symlinkSync(dir, path.join(dir, 'infra'), 'dir'); // an infrastructure folder name that points back up
    symlinkSync(path.join(dir, 'deploy'), path.join(dir, 'deploy'), 'dir'); // a link to itself
    symlinkSync(path.join(dir, 'b.template.yaml'), path.join(dir, 'a.template.yaml'));
    symlinkSync(path.join(dir, 'a.template.yaml'), path.join(dir, 'b.template.yaml'));
    const started = Date.now();
    expect(names(path.join(dir, 'src/app.ts'), dir)).toEqual(['Fn']);
    // the same file reached through the loop: a lexical path, walked up lexically
    const looped = path.join(dir, 'src/loop/src/loop/src/app.ts');
    expect(() => deploymentsFor(looped, dir)).not.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(warnings).toEqual([]);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('layerName', () => {
  it.each([
    [INSIGHTS, 'LambdaInsightsExtension'],
    ['arn:aws:lambda:${AWS::Region}:580247275435:layer:LambdaInsightsExtension-Arm64:20', 'LambdaInsightsExtension-Arm64'],
    ['arn:aws-cn:lambda:cn-north-1:488211338238:layer:LambdaInsightsExtension:38', 'LambdaInsightsExtension'],
    ['Datadog-Extension', 'Datadog-Extension'],
    ['own:shared-deps', 'shared-deps'],
  ])('%s → %s', (text, name) => {
    expect(layerName(text)).toBe(name);
  });
});

describe('classifyLayer', () => {
  const layer = (text: string | null): LayerRef => ({ text, line: 1 });

  /** Every extension layer family of the catalog, with real layer names (and their Arm64 variants). */
  const EXTENSIONS: [name: string, label: string][] = [
    ['LambdaInsightsExtension', 'CloudWatch Lambda Insights'],
    ['LambdaInsightsExtension-Arm64', 'CloudWatch Lambda Insights'],
    ['AWS-Parameters-and-Secrets-Lambda-Extension', 'AWS Parameters and Secrets'],
    ['AWS-Parameters-and-Secrets-Lambda-Extension-Arm64', 'AWS Parameters and Secrets'],
    ['AWS-AppConfig-Extension', 'AWS AppConfig'],
    ['AWS-AppConfig-Extension-Arm64', 'AWS AppConfig'],
    ['aws-otel-nodejs-amd64-ver-1-30-1', 'AWS Distro for OpenTelemetry'],
    ['aws-otel-nodejs-arm64-ver-1-18-1', 'AWS Distro for OpenTelemetry'],
    ['aws-otel-collector-amd64-ver-0-115-0', 'AWS Distro for OpenTelemetry'],
    ['Datadog-Extension', 'Datadog'],
    ['Datadog-Extension-ARM', 'Datadog'],
    ['NewRelicLambdaExtension', 'New Relic'],
    ['NewRelicLambdaExtensionARM64', 'New Relic'],
    ['Dynatrace_OneAgent_1_295_3_20240618-043443_with_collector_nodejs', 'Dynatrace OneAgent'],
    ['LambdaAdapterLayerX86', 'Lambda Web Adapter'],
    ['LambdaAdapterLayerArm64', 'Lambda Web Adapter'],
  ];

  it('has a case here for every catalog entry', () => {
    for (const { pattern } of EXTENSION_LAYERS) expect(EXTENSIONS.some(([name]) => pattern.test(name))).toBe(true);
  });

  it.each(EXTENSIONS)('%s is an extension (%s), as an ARN and as a plain name', (name, label) => {
    expect(classifyLayer(layer(arn(name, 53)), settings)).toEqual({ kind: 'extension', label: `${label} (${name})` });
    expect(classifyLayer(layer(name), settings)).toEqual({ kind: 'extension', label: `${label} (${name})` });
  });

  it('reads the name of an ARN whose region and account are placeholders', () => {
    expect(classifyLayer(layer('arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:Datadog-Extension:65'), settings)).toEqual({ kind: 'extension', label: 'Datadog (Datadog-Extension)' });
  });

  it.each([
    ['LambdaInsightsExtension-x86'],
    ['MyLambdaInsightsExtension'],
    ['Datadog-Extension-v2'],
    ['aws-otel-python-amd64-ver-1-25-0'],
    ['LambdaAdapterLayer'],
  ])('%s is not taken for an extension of the catalog (unknown)', (name) => {
    expect(classifyLayer(layer(arn(name)), settings)).toEqual({ kind: 'unknown', label: `layer ${name}` });
  });

  it.each([['AWSLambdaPowertoolsTypeScriptV2'], ['AWSLambdaPowertoolsTypeScript'], ['AWSLambdaPowertoolsPythonV2'], ['Datadog-Node20-x'], ['Datadog-Node22-x'], ['Datadog-Python312']])(
    '%s is a library layer',
    (name) => {
      expect(classifyLayer(layer(arn(name, 20, 'us-east-1', '094274105915')), settings)).toEqual({ kind: 'library', label: name });
    },
  );

  it.each([
    ['arn:aws:lambda:us-east-1:123456789012:layer:${ExtensionLayerName}:3', 'layer ${ExtensionLayerName}'],
    ['arn:aws:lambda:${AWS::Region}:123456789012:layer:telemetry-${Stage}:3', 'layer telemetry-${Stage}'],
    ['${Fn::ImportValue}', 'layer ${Fn::ImportValue}'],
  ])('a placeholder in the name is unknown: %s', (text, label) => {
    expect(classifyLayer(layer(text), settings)).toEqual({ kind: 'unknown', label });
  });

  it.each([
    ['arn:aws:lambda:us-east-1:123456789012:layer:notifications-telemetry-${opt:stage}:4'],
    ['arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:${AWS::StackName}-telemetry:3'],
  ])('a placeholder with a colon in the name is unknown too: %s', (text) => {
    // The label is cut at the colon inside the placeholder today (`layer notifications-telemetry-${opt`): layerName
    // splits the ARN on every ':'. See require-extension.pending.ts for the message it garbles.
    expect(classifyLayer(layer(text), settings).kind).toBe('unknown');
  });

  it('a placeholder in the name stays unknown even when a settings prefix would cover any value', () => {
    const s = resolveSettings({ 'lambda-shutdown': { extensionLayers: ['notifications-telemetry-*'] } });
    expect(classifyLayer(layer(arn('notifications-telemetry-${opt:stage}')), s).kind).toBe('unknown');
  });

  it('a value that cannot be read statically is unknown', () => {
    expect(classifyLayer(layer(null), settings)).toEqual({ kind: 'unknown', label: 'a layer whose value cannot be read statically' });
  });

  it('a layer nobody knows is unknown', () => {
    expect(classifyLayer(layer(arn('acme-observability', 7)), settings)).toEqual({ kind: 'unknown', label: 'layer acme-observability' });
  });

  describe('settings.extensionLayers', () => {
    const s = resolveSettings({ 'lambda-shutdown': { extensionLayers: ['acme-observability', 'acme-tracing-*', 'Vendor*'] } });

    it.each([['acme-observability'], ['acme-tracing-nodejs'], ['acme-tracing-'], ['VendorExtension'], ['Vendor']])('%s is an extension', (name) => {
      expect(classifyLayer(layer(arn(name)), s)).toEqual({ kind: 'extension', label: name });
    });

    it.each([['acme-observability-v2'], ['acme-tracing'], ['xacme-observability'], ['vendorExtension']])('%s is not (exact names are exact, prefixes are prefixes, case counts)', (name) => {
      expect(classifyLayer(layer(arn(name)), s)).toEqual({ kind: 'unknown', label: `layer ${name}` });
    });

    it('does not change how catalog layers are named', () => {
      const all = resolveSettings({ 'lambda-shutdown': { extensionLayers: ['*'] } });
      expect(classifyLayer(layer(INSIGHTS), all)).toEqual({ kind: 'extension', label: 'CloudWatch Lambda Insights (LambdaInsightsExtension)' });
      expect(classifyLayer(layer(arn('anything')), all)).toEqual({ kind: 'extension', label: 'anything' });
    });
  });
});

describe('deploymentStatus', () => {
  const base: FunctionDeployment = {
    tool: 'sam',
    name: 'Fn',
    configFile: '/repo/template.yaml',
    line: 5,
    entryModules: ['/repo/src/app'],
    handlerExport: 'handler',
    layers: [],
    environment: {},
    implicitExtensions: [],
  };
  const ref = (text: string | null, line = 9): LayerRef => ({ text, line });

  it('no layers, no environment: none', () => {
    expect(deploymentStatus(base, settings)).toEqual({ kind: 'none', deployment: base });
  });

  it('only library layers: none', () => {
    const d = { ...base, layers: [ref(POWERTOOLS), ref(arn('Datadog-Node20-x'))] };
    expect(deploymentStatus(d, settings).kind).toBe('none');
  });

  it('an extension layer anywhere in the list: external, whatever else is there', () => {
    const d = { ...base, layers: [ref(null), ref(POWERTOOLS), ref(INSIGHTS)], unknownReason: 'something' };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'external', evidence: 'the CloudWatch Lambda Insights (LambdaInsightsExtension) extension layer', deployment: d });
  });

  it('an implicit extension (CDK insightsVersion, a Dockerfile copy): external', () => {
    const d = { ...base, implicitExtensions: ['insightsVersion adds the Lambda Insights extension'] };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'external', evidence: 'insightsVersion adds the Lambda Insights extension', deployment: d });
  });

  it.each(['--require ./ext.js', '-r ./ext.js', '--import ./ext.mjs', '--require=./ext.js', '--enable-source-maps --import=./ext.mjs'])('NODE_OPTIONS=%s: internal', (value) => {
    const d = { ...base, environment: { NODE_OPTIONS: value } };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'internal', evidence: `NODE_OPTIONS=${value}`, deployment: d });
  });

  it.each(['--enable-source-maps', '--max-old-space-size=512', '--required-flag'])('NODE_OPTIONS=%s loads nothing: none', (value) => {
    expect(deploymentStatus({ ...base, environment: { NODE_OPTIONS: value } }, settings).kind).toBe('none');
  });

  it('AWS_LAMBDA_EXEC_WRAPPER: internal, also when its value is not static', () => {
    const d = { ...base, environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper.sh' } };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'internal', evidence: 'AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper.sh', deployment: d });
    const dynamic = { ...base, environment: { AWS_LAMBDA_EXEC_WRAPPER: null } };
    expect(deploymentStatus(dynamic, settings)).toEqual({ kind: 'internal', evidence: 'AWS_LAMBDA_EXEC_WRAPPER=…', deployment: dynamic });
  });

  it('an internal extension beside an unknown layer: internal (SIGTERM arrives either way)', () => {
    const d = { ...base, layers: [ref(arn('acme-observability'))], environment: { NODE_OPTIONS: '--require ./ext.js' } };
    expect(deploymentStatus(d, settings).kind).toBe('internal');
  });

  it('an unknown layer: unknown, naming it', () => {
    const d = { ...base, layers: [ref(POWERTOOLS), ref(arn('acme-observability', 7))] };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'unknown', reason: 'layer acme-observability is not in the catalog of extension and library layers', deployment: d });
  });

  it('a layer list that cannot be read: unknown', () => {
    const d = { ...base, layers: 'unknown' as const };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'unknown', reason: 'its layer list cannot be read statically', deployment: d });
  });

  it('the reader’s unknownReason comes first', () => {
    const d = { ...base, layers: [ref(arn('acme-observability'))], unknownReason: 'layer name depends on ${opt:stage}' };
    expect(deploymentStatus(d, settings)).toEqual({ kind: 'unknown', reason: 'layer name depends on ${opt:stage}', deployment: d });
  });

  it('settings.extensionLayers turn an unknown layer into an extension', () => {
    const d = { ...base, layers: [ref(arn('acme-observability', 7))] };
    const s = resolveSettings({ 'lambda-shutdown': { extensionLayers: ['acme-*'] } });
    expect(deploymentStatus(d, s)).toEqual({ kind: 'external', evidence: 'the acme-observability extension layer', deployment: d });
  });
});
