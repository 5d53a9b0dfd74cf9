/**
 * One spec for every codemod fixture: `__fixtures__/<codemod>/<case>.input.<ext>` runs through the codemod's
 * jscodeshift transform and must give `<case>.output.<ext>` exactly. Then, for every case:
 * - running the transform on the output changes nothing (idempotent), and a case whose output is its input comes
 *   back as the very input string;
 * - the output parses;
 * - the plugin's rules, run through ESLint's `Linter` with all of them on, report nothing for the rule the codemod
 *   targets (unless the case is listed in `LEFT` with the number of findings no safe fix exists for, which must be
 *   what `findingsLeft()` says), and the shutdown listener triggers neither `exit-after-cleanup` nor
 *   `no-blocking-signal-handler`.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Linter } from 'eslint';
import { lintAllRules } from '../helpers/lint-all.js';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import addFinallyCleanup from '../../codemods/add-finally-cleanup/transform.js';
import addShutdownHook from '../../codemods/add-shutdown-hook/transform.js';
import { clearAnalysisCache, findingsLeft } from '../../codemods/transform-utils.js';
import type { CodemodName, Transform, TransformOptions } from '../../codemods/transform-utils.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '__fixtures__');

interface Codemod {
  readonly transform: Transform;
  /** The rule whose findings the codemod fixes. */
  readonly rule: string;
}

const codemods: Record<CodemodName, Codemod> = {
  'add-shutdown-hook': { transform: addShutdownHook, rule: 'require-sigterm-cleanup' },
  'add-finally-cleanup': { transform: addFinallyCleanup, rule: 'require-finally-cleanup' },
};

/** Options of particular cases (`<codemod>/<case>`): what the CLI would pass to jscodeshift. */
const OPTIONS: Record<string, TransformOptions> = {
  'add-shutdown-hook/container-platform': { settings: { platform: 'container' } },
  'add-shutdown-hook/listener-waits-container': { settings: { platform: 'container' } },
  'add-shutdown-hook/unchanged-listener-waits-in-callback': { settings: { platform: 'container' } },
  'add-shutdown-hook/settings-resource': { settings: { resources: [{ module: '@acme/db', export: 'Database', close: 'shutdown' }] } },
  'add-shutdown-hook/settings-budget': { settings: JSON.stringify({ shutdownBudgetMs: 1000 }) },
  'add-finally-cleanup/using-filehandle': { using: true },
  'add-finally-cleanup/using-mongo-client': { using: true },
  'add-finally-cleanup/using-mysql2-connection': { using: true },
  'add-finally-cleanup/using-pg-falls-back': { using: true },
  'add-finally-cleanup/using-switch-case-falls-back': { using: true },
  'add-finally-cleanup/using-several': { using: true },
};

/**
 * Cases whose output keeps findings of the targeted rule because no safe fix exists: the note the codemod reports
 * for each (`line: message`), which is what `lambda-shutdown-codemod` lists as left for a human.
 */
const LEFT: Record<string, readonly string[]> = {
  'add-shutdown-hook/unchanged-listener-in-setup-function': [
    "3: left `pool` open: the SIGTERM listener at line 6 ends the process, or may, before a new listener's closes would settle.",
  ],
  // used in a closure the function returns: a module-level `app` would be possibly undefined there for TypeScript
  'add-shutdown-hook/cached-client-used-in-callback': [
    '8: left `app` open: it is held by `app`, a variable of `bootstrap()`, which a module-scope SIGTERM listener cannot name, and it is used in a nested function, where a module-level `app` would be possibly undefined.',
  ],
  'add-finally-cleanup/partial-conditional-close': [
    '5: left `client` open: its close at line 8 runs under a condition or in a loop, which a `finally` would make unconditional.',
  ],
  'add-finally-cleanup/unchanged-callback-close': ['4: left `client` open: the function that opens it is not async, so a `finally` could not await `client.end()`.'],
  'add-finally-cleanup/stream-piped-after-await-reassigned': [
    '8: left `out` open: it is piped only after an `await` that can throw, and cannot be opened after it: `path`, which opening it reads, is assigned at line 10, before it is piped.',
  ],
};

/** Notes about what a case leaves of the other rules' findings (exit-after-cleanup's), which LEFT does not count. */
const OTHER_NOTES: Record<string, readonly string[]> = {
  // a close of an object from a module the catalog does not know: nothing known to await
  'add-shutdown-hook/listener-waits-not-known': [
    '9: left the listener function at line 6 as it is: it ends the process before `queue.close()` settles, and this file does not say whether that returns a promise or calls back, so there is nothing known to await. Wait for it before the exit.',
  ],
};

/**
 * `exit-after-cleanup` findings of an input that its output keeps: the listener never exits, and adding an exit
 * would cut off cleanup it starts without awaiting.
 */
const EXIT_FINDINGS_KEPT: Record<string, number> = {
  'add-shutdown-hook/existing-listener-unawaited-cleanup': 1,
  // `queue.close()` of a module this file cannot see into: nothing known to await, so the listener is left as it was
  'add-shutdown-hook/listener-waits-not-known': 1,
};

/** Every rule on `code`, as the file `filename` under the repository root. */
const lint = (code: string, filename: string): Linter.LintMessage[] => lintAllRules(code, filename);

const byRule = (messages: readonly Linter.LintMessage[], rule: string) => messages.filter((m) => m.ruleId === `lambda-shutdown/${rule}`);

interface Case {
  readonly codemod: CodemodName;
  readonly name: string;
  readonly ext: string;
  readonly input: string;
  readonly output: string;
}

function casesOf(codemod: CodemodName): Case[] {
  const dir = path.join(fixtures, codemod);
  const out: Case[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(.+)\.input\.(\w+)$/.exec(file);
    if (!match) continue;
    const [, name, ext] = match as unknown as [string, string, string];
    out.push({ codemod, name, ext, input: path.join(dir, file), output: path.join(dir, `${name}.output.${ext}`) });
  }
  return out;
}

for (const codemod of Object.keys(codemods) as CodemodName[]) {
  const { transform, rule } = codemods[codemod];
  const cases = casesOf(codemod);

  describe(codemod, () => {
    it('has at least 25 fixtures that change the file', () => {
      const changed = cases.filter((c) => readFileSync(c.input, 'utf8') !== readFileSync(c.output, 'utf8'));
      expect(changed.length).toBeGreaterThanOrEqual(25);
    });

    for (const c of cases) {
      describe(c.name, () => {
        const key = `${codemod}/${c.name}`;
        const options = OPTIONS[key] ?? {};
        const input = readFileSync(c.input, 'utf8');
        const expected = readFileSync(c.output, 'utf8');
        // the transform gets the path the CLI would give it: the input file itself
        const run = (source: string) => transform({ path: c.input, source }, {}, options);
        const settings = options['settings'];
        const rawSettings = typeof settings === 'string' ? (JSON.parse(settings) as object) : (settings as object | undefined);

        it('gives the expected output', () => {
          const actual = run(input);
          // UPDATE_FIXTURES=1 writes the actual output over the expected one, for review in the diff
          if (process.env['UPDATE_FIXTURES'] === '1' && actual !== expected) writeFileSync(c.output, actual);
          else expect(actual).toBe(expected);
        });

        it('reports each finding it leaves, with the reason', () => {
          const notes: string[] = [];
          const report = Object.assign((message: string, line?: number) => void notes.push(`${line}: ${message}`), { lines: true });
          transform({ path: c.input, source: input }, { report }, options);
          expect(notes).toEqual([...(OTHER_NOTES[key] ?? []), ...(LEFT[key] ?? [])]);
        });

        it('is idempotent', () => {
          expect(run(expected)).toBe(expected);
        });

        it('gives output that parses', () => {
          expect(() => parseFile(expected, c.input)).not.toThrow();
        });

        it(`leaves no ${rule} finding it can fix, and a listener that exits after its cleanup`, () => {
          const messages = lint(expected, `src/${c.name}.${c.ext}`);
          // no parse error, no "no matching configuration": the rules ran
          expect(messages.filter((m) => m.ruleId === null)).toEqual([]);
          const left = LEFT[key]?.length ?? 0;
          expect(byRule(messages, rule).map((m) => m.message)).toHaveLength(left);
          // findingsLeft() counts what the CLI would re-lint: for add-shutdown-hook, exit-after-cleanup's findings too
          const exitLeft = codemod === 'add-shutdown-hook' ? byRule(messages, 'exit-after-cleanup').length : 0;
          expect(findingsLeft(expected, c.input, rawSettings as never, codemod)).toBe(left + exitLeft);
          const before = lint(input, `src/${c.name}.${c.ext}`);
          for (const signalRule of ['exit-after-cleanup', 'no-blocking-signal-handler']) {
            const after = byRule(messages, signalRule).map((m) => m.message);
            expect(after.length).toBeLessThanOrEqual(byRule(before, signalRule).length);
            expect(after).toHaveLength(signalRule === 'exit-after-cleanup' ? (EXIT_FINDINGS_KEPT[key] ?? 0) : 0);
          }
        });
      });
    }
  });
}

/**
 * add-shutdown-hook does not analyze the output of its common edits: it records that the output derives from the
 * input's analysis (transform-utils `recordDerivation`), and add-finally-cleanup and findingsLeft() read that instead
 * of parsing. On every fixture of both codemods, run as `codemod all` runs them, what they derive must be exactly
 * what fresh analyses of the output give.
 */
describe('codemod all: what is derived without a parse equals what a fresh analysis gives', () => {
  for (const codemod of Object.keys(codemods) as CodemodName[]) {
    for (const c of casesOf(codemod)) {
      it(`${codemod}/${c.name}`, () => {
        const options = OPTIONS[`${codemod}/${c.name}`] ?? {};
        const settings = options['settings'];
        const rawSettings = (typeof settings === 'string' ? JSON.parse(settings) : settings) as never;
        const input = readFileSync(c.input, 'utf8');
        const hooked = addShutdownHook({ path: c.input, source: input }, {}, options) as string;
        const both = addFinallyCleanup({ path: c.input, source: hooked }, {}, options) as string;
        const derived = [findingsLeft(both, c.input, rawSettings, 'add-shutdown-hook'), findingsLeft(both, c.input, rawSettings, 'add-finally-cleanup'), findingsLeft(both, c.input, rawSettings)];
        clearAnalysisCache();
        expect(addFinallyCleanup({ path: c.input, source: hooked }, {}, options)).toBe(both);
        clearAnalysisCache();
        const fresh = [findingsLeft(both, c.input, rawSettings, 'add-shutdown-hook'), findingsLeft(both, c.input, rawSettings, 'add-finally-cleanup'), findingsLeft(both, c.input, rawSettings)];
        expect(derived).toEqual(fresh);
      });
    }
  }
});

describe('files that do not parse', () => {
  const source = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => {\n  const x = ;\n};\n";
  for (const [codemod, { transform }] of Object.entries(codemods)) {
    it(`${codemod} throws an error naming the file and the line`, () => {
      expect(() => transform({ path: 'src/broken.ts', source }, {}, {})).toThrow(/^.*cannot parse src\/broken\.ts at line 4, column \d+: /);
    });
  }

  it('a .ts file with a `<T>x` cast parses as TypeScript, not TSX', () => {
    const cast = "import { Pool } from 'pg';\nconst pool = <Pool>new Pool();\nexport const handler = async () => pool.query('select 1');\n";
    expect(() => addShutdownHook({ path: 'src/cast.ts', source: cast }, {}, {})).not.toThrow();
  });
});

describe('settings', () => {
  it('a bad settings object throws the settings error, named after the codemod', () => {
    const source = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => pool.query('select 1');\n";
    expect(() => addShutdownHook({ path: 'src/a.ts', source }, {}, { settings: { platform: 'mainframe' } })).toThrow(
      /^add-shutdown-hook: settings\['lambda-shutdown'\]\.platform must be/,
    );
  });
});

describe('findingsLeft', () => {
  const source = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => {\n  const client = await pool.connect();\n  return client.query('select 1');\n};\n";
  it('counts the findings of both rules, or of the one a codemod targets', () => {
    expect(findingsLeft(source, 'src/handler.ts')).toBe(2);
    expect(findingsLeft(source, 'src/handler.ts', undefined, 'add-shutdown-hook')).toBe(1);
    expect(findingsLeft(source, 'src/handler.ts', undefined, 'add-finally-cleanup')).toBe(1);
  });
});
