/**
 * A Terraform function whose zip is built outside Terraform (`filename = "build/ingest.zip"`, no archive_file to
 * trace): the reader lists candidate entry modules, so the resolver finds the deployment of src/ingest.ts and
 * require-extension reports its dead SIGTERM listener instead of staying 'unknown'. The project is
 * test/fixtures/projects/terraform-prebuilt (the .tf in infra/, the sources in src/), linted with ESLint's API and the
 * project as ESLint's cwd, as `npx eslint src` run there would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearDeploymentCache, deployedExportNames, deploymentStatus, deploymentsFor } from '../../core/deploy/resolve.js';
import { resolveSettings } from '../../core/settings.js';
import plugin from '../../index.js';

const PROJECT = fileURLToPath(new URL('../fixtures/projects/terraform-prebuilt/', import.meta.url));
const MAIN_TF = path.join(PROJECT, 'infra/main.tf');
const settings = resolveSettings(undefined);

/** 1-based line of the first line of main.tf containing `snippet`. */
function tfLine(snippet: string): number {
  const index = readFileSync(MAIN_TF, 'utf8').split('\n').findIndex((line) => line.includes(snippet));
  if (index < 0) throw new Error(`${snippet} is not in main.tf`);
  return index + 1;
}

async function requireExtensionMessages(config: 'recommended' | 'strict', file: string): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: PROJECT, overrideConfigFile: true, overrideConfig: [plugin.configs[config] as Linter.Config], ignore: false });
  const [result] = await eslint.lintFiles([file]);
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'lambda-shutdown/require-extension');
}

beforeAll(() => clearDeploymentCache());
afterAll(() => clearDeploymentCache());

describe('the resolver on a project whose Terraform zips are built by a script', () => {
  it('finds the function that deploys src/ingest.ts through the candidate infra/../src/ingest, with no extension', () => {
    const { deployments, unreadable } = deploymentsFor(path.join(PROJECT, 'src/ingest.ts'), PROJECT);
    expect(unreadable).toEqual([]);
    expect(deployments.map((d) => [d.name, d.configFile, d.line, d.handlerExport])).toEqual([['ingest', MAIN_TF, tfLine('"aws_lambda_function" "ingest"'), 'handler']]);
    expect(deployments[0]!.entryModules).toContain(path.join(PROJECT, 'src/ingest'));
    expect(deploymentStatus(deployments[0]!, settings).kind).toBe('none');
  });

  it('finds the function that deploys src/enrich.ts, whose Lambda Insights layer is an external extension', () => {
    const { deployments } = deploymentsFor(path.join(PROJECT, 'src/enrich.ts'), PROJECT);
    expect(deployments.map((d) => d.name)).toEqual(['enrich']);
    expect(deploymentStatus(deployments[0]!, settings)).toMatchObject({ kind: 'external' });
  });

  it('gives the export names those deployments call', () => {
    expect(deployedExportNames(path.join(PROJECT, 'src/ingest.ts'), PROJECT).names).toEqual(['handler']);
  });
});

describe('require-extension on it, through ESLint', () => {
  const message = (fn: string, line: number) =>
    `This SIGTERM listener never runs: function \`${fn}\` (infra/main.tf:${line}) registers no Lambda extension. ` +
    'Lambda sends SIGTERM only when at least one extension is registered; without one it ends the environment with SIGKILL. ' +
    'Add an extension layer, or register an internal extension (`npx lambda-shutdown-codemod register-extension`).';

  it.each(['recommended', 'strict'] as const)('%s: reports the listener of src/ingest.ts (status none, not unknown)', async (config) => {
    const messages = await requireExtensionMessages(config, 'src/ingest.ts');
    expect(messages.map((m) => [m.messageId, m.line, m.column, m.message])).toEqual([
      ['noExtension', 8, 1, message('ingest', tfLine('"aws_lambda_function" "ingest"'))],
    ]);
  });

  it.each(['recommended', 'strict'] as const)('%s: says nothing about src/enrich.ts (status external)', async (config) => {
    // strict reports unknown answers too: silence there means the answer is known to be an extension
    expect(await requireExtensionMessages(config, 'src/enrich.ts')).toEqual([]);
  });
});
