/**
 * mayHaveResources(): the codemods' test on the text before they parse. It may say "maybe" for a file without
 * resources, never "no" for a file with one: checked against the analysis itself on every fixture file this
 * repository has (codemod fixtures, fixture projects, the examples), and on the shapes that can hide a specifier.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analysis.js';
import { parseFile } from '../../core/parse.js';
import { mayHaveResources } from '../../core/resources.js';
import { resolveSettings } from '../../core/settings.js';
import { filesUnder, repoRoot } from './fixture-corpus.js';

const settings = resolveSettings(undefined);

const corpus = ['test/codemods/__fixtures__', 'test/fixtures/projects', 'examples'].flatMap((d) => filesUnder(path.join(repoRoot, d)));

describe('mayHaveResources', () => {
  it('says yes for every fixture file in which the analysis finds a resource', () => {
    let withResources = 0;
    let skipped = 0;
    for (const file of corpus) {
      const text = fs.readFileSync(file, 'utf8');
      let found: number;
      try {
        found = analyze(parseFile(text, file, { tokens: false }), settings).resources.length;
      } catch {
        continue; // fixtures that do not parse on purpose
      }
      if (found > 0) {
        withResources++;
        expect(mayHaveResources(text, settings), path.relative(repoRoot, file)).toBe(true);
      } else if (!mayHaveResources(text, settings)) skipped++;
    }
    // the check ran on real files, and the test does skip some
    expect(withResources).toBeGreaterThan(100);
    expect(skipped).toBeGreaterThan(0);
  });

  it.each([
    ["import { Pool } from 'pg';", true],
    ['import pg from "pg";', true],
    ["const { Pool } = require('pg');", true],
    ['const { Pool } = await import(`pg`);', true],
    ["import mysql from 'mysql2/promise';", true],
    ["import fs from 'node:fs';", true],
    ["import { createWriteStream } from 'fs';", true],
    ["import net from 'net';", true],
    // specifiers that are not one literal may fold to a module name
    ["const mod = require('p' + 'g');", true],
    ['const mod = require(name);', true],
    ['const mod = await import(specifier);', true],
    // no resource module
    ["import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => ({ offset: 1, pg: 2 });", false],
    ["import middy from '@middy/core';", false],
    ["import path from 'node:path';\nimport { readFile } from 'node:fs/promises';", true], // fs/promises opens FileHandles
    ["import path from 'node:path';", false],
    ['export const handler = async () => "pg";', true], // any string that is a module name: a maybe, never a miss
  ])('%s → %s', (text, expected) => {
    expect(mayHaveResources(text, settings)).toBe(expected);
  });

  it("knows the modules of the user's resources setting", () => {
    const user = resolveSettings({ 'lambda-shutdown': { resources: [{ module: '@acme/db', export: 'Client', close: 'shutdown' }] } });
    const text = "import { Client } from '@acme/db';\nconst db = new Client();\nexport const handler = async () => db.query();";
    expect(mayHaveResources(text, settings)).toBe(false);
    expect(mayHaveResources(text, user)).toBe(true);
    expect(analyze(parseFile(text, 'h.ts'), user).resources).toHaveLength(1);
  });
});
