/**
 * The package as users meet it: rules, docs and configs agree, and each config works alone and after
 * typescript-eslint's configs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { name: string; version: string };

const handler = `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => (await pool.query('select 1')).rows;\n`;
const cjsHandler = `const { Pool } = require('pg');\nconst pool = new Pool();\nexports.handler = async () => (await pool.query('select 1')).rows;\n`;

async function lint(configs: Linter.Config[], filePath: string, text: string) {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configs, ignore: false });
  const [result] = await eslint.lintText(text, { filePath });
  return result!;
}

describe('plugin', () => {
  it('has meta from package.json and the lambda-shutdown namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'lambda-shutdown' });
  });

  it.each(Object.entries(plugin.rules))('%s has docs, a docs URL to its page, a description and messages', (name, rule) => {
    expect(rule.meta.docs?.url).toBe(`https://github.com/lambda-shutdown/eslint-plugin-lambda-shutdown/blob/main/docs/rules/${name}.md`);
    expect(existsSync(`${root}/docs/rules/${name}.md`)).toBe(true);
    expect(rule.meta.docs?.description).toMatch(/^[A-Z].*[^.]$/);
    for (const message of Object.values(rule.meta.messages)) expect(message.length).toBeGreaterThan(10);
    const doc = readFileSync(`${root}/docs/rules/${name}.md`, 'utf8');
    for (const section of ['## Why, on Lambda', '## Examples', '### Incorrect', '### Correct', '## Settings']) expect(doc).toContain(section);
  });

  it('builds the configs from rule meta', () => {
    const recommended = Object.entries(plugin.rules).filter(([, r]) => r.meta.docs?.recommended).map(([n]) => `lambda-shutdown/${n}`);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    for (const name of Object.keys(plugin.configs.strict.rules ?? {})) {
      expect(Object.keys(plugin.rules)).toContain(name.replace('lambda-shutdown/', ''));
    }
    expect(Object.keys(plugin.configs.strict.rules ?? {})).toEqual(expect.arrayContaining(recommended));
  });

  it('lists every rule in the README table', () => {
    const readme = readFileSync(`${root}/README.md`, 'utf8');
    for (const name of Object.keys(plugin.rules)) expect(readme).toContain(`[${name}](docs/rules/${name}.md)`);
  });

  describe.each(['recommended', 'strict'] as const)('configs.%s', (name) => {
    const config = plugin.configs[name] as Linter.Config;
    it.each([
      ['src/handler.ts', handler],
      ['src/handler.mts', handler],
      ['src/handler.js', handler],
      ['src/handler.mjs', handler],
      ['src/handler.jsx', handler],
      ['src/handler.tsx', handler],
      ['src/handler.cjs', cjsHandler],
      ['src/handler.cts', cjsHandler],
    ])('works alone on %s', async (filePath, text) => {
      const result = await lint([config], filePath, text);
      expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['lambda-shutdown/require-sigterm-cleanup', 2, 14]]);
    });

    it('composes with typescript-eslint recommended, before or after it', async () => {
      for (const configs of [
        [...(tseslint.configs.recommended as Linter.Config[]), config],
        [config, ...(tseslint.configs.recommended as Linter.Config[])],
      ]) {
        const result = await lint(configs, 'src/handler.ts', handler);
        expect(result.messages.filter((m) => m.fatal)).toEqual([]);
        expect(result.messages.map((m) => m.ruleId)).toContain('lambda-shutdown/require-sigterm-cleanup');
      }
    });
  });

  it('rejects malformed settings with a clear message', async () => {
    const result = lint(
      [plugin.configs.recommended as Linter.Config, { settings: { 'lambda-shutdown': { handlerNames: 'main' } } }],
      'src/handler.ts',
      handler,
    );
    await expect(result).rejects.toThrow("settings['lambda-shutdown'].handlerNames must be an array of export names.");
  });

  describe("configs['recommended-type-checked']", () => {
    const typed = plugin.configs['recommended-type-checked'] as Linter.Config;
    const fixtures = `${root}test/fixtures/typed`;

    it('is the recommended rules for TypeScript files only, with a project and recognition by type', () => {
      expect(typed.name).toBe('lambda-shutdown/recommended-type-checked');
      expect(typed.files).toEqual(['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx']);
      expect(typed.languageOptions?.parserOptions).toEqual({ projectService: true });
      expect(typed.settings).toEqual({ 'lambda-shutdown': { typedResources: true } });
      expect(typed.rules).toEqual(plugin.configs.recommended.rules);
    });

    it('never type-checks a JS file (config files among them)', async () => {
      const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config, typed], ignore: false });
      for (const file of ['eslint.config.js', 'src/handler.mjs', 'src/handler.cjs', 'src/handler.jsx']) {
        const config = (await eslint.calculateConfigForFile(file)) as Linter.Config;
        expect(config.languageOptions?.parserOptions, file).not.toHaveProperty('projectService');
        expect(config.settings?.['lambda-shutdown'], file).toBeUndefined();
      }
      for (const file of ['src/handler.ts', 'src/handler.mts', 'src/handler.cts', 'src/handler.tsx']) {
        const config = (await eslint.calculateConfigForFile(file)) as Linter.Config;
        expect(config.languageOptions?.parserOptions, file).toMatchObject({ projectService: true });
      }
    });

    it("finds a resource by type in a real project, after typescript-eslint's recommended-type-checked", async () => {
      const configs: Linter.Config[] = [
        ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]),
        { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtures } } },
        plugin.configs.recommended as Linter.Config,
        typed,
      ];
      const eslint = new ESLint({ cwd: fixtures, overrideConfigFile: true, overrideConfig: configs });
      const [result] = await eslint.lintFiles(['service.ts']);
      expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
      expect(result!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['lambda-shutdown/require-sigterm-cleanup', 4, 16]]);
      expect(result!.messages[0]!.message).toContain('`client` (./socket-client.ts SocketClient) is opened at module scope');
      // The same file with the untyped config: the catalog knows no SocketClient.
      const untyped = await lint([plugin.configs.recommended as Linter.Config], `${fixtures}/service.ts`, readFileSync(`${fixtures}/service.ts`, 'utf8'));
      expect(untyped.messages).toEqual([]);
    });

    it('rejects a malformed typedResources setting with a clear message', async () => {
      const result = lint([plugin.configs.recommended as Linter.Config, { settings: { 'lambda-shutdown': { typedResources: { allow: 'Connection' } } } }], 'src/handler.ts', handler);
      await expect(result).rejects.toThrow("settings['lambda-shutdown'].typedResources.allow must be an array of type specs.");
    });
  });

  it('reads extra handler names and resources from settings', async () => {
    const text = `import { Database } from '@acme/db';\nconst db = new Database();\nexport async function main() { return db.get(1); }\n`;
    const settings = { 'lambda-shutdown': { handlerNames: ['main'], resources: [{ module: '@acme/db', export: 'Database', close: 'shutdown' }] } };
    const result = await lint([plugin.configs.recommended as Linter.Config, { settings }], 'src/handler.ts', text);
    expect(result.messages.map((m) => m.message)).toEqual([expect.stringContaining('`db` (@acme/db Database) is opened at module scope')]);
    expect(result.messages[0]!.message).toContain('`await db.shutdown()`');
  });
});
