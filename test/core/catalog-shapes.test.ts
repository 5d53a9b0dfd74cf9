/**
 * The catalog's shapes in core/resources.ts, below the rules: trace maps for module patterns (`traceMapForFile`), the
 * text prefilter on them, and what the analysis makes of holders, children and listening servers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analysis.js';
import { RESOURCE_FACTORIES, descendants } from '../../core/catalog.js';
import { parseFile } from '../../core/parse.js';
import { mayHaveResources, traceMapFor, traceMapForFile } from '../../core/resources.js';
import { resolveSettings } from '../../core/settings.js';

const settings = resolveSettings(undefined);
const resourcesOf = (text: string, file = 'handler.ts') =>
  analyze(parseFile(text, file), settings).resources.map((r) => `${r.name} ${r.spec.library} ${r.spec.label} ${r.scope}${r.checkout ? ' child' : ''}`);

describe('traceMapForFile', () => {
  it('is the cached base map itself when no specifier matches a module pattern', () => {
    const base = traceMapFor(settings);
    expect(traceMapForFile(settings, [])).toBe(base);
    expect(traceMapForFile(settings, ['pg', 'node:fs', './db', '../lib/prisma-helpers', '@prisma/client'])).toBe(base);
  });

  it('adds the entries of the specifiers a pattern matches, without touching the base map', () => {
    const base = traceMapFor(settings);
    const keys = Object.keys(base).length;
    const map = traceMapForFile(settings, ['pg', '../generated/prisma', './prisma/client.js']);
    expect(map).not.toBe(base);
    expect(Object.keys(base)).toHaveLength(keys);
    expect(Object.hasOwn(base, '../generated/prisma')).toBe(false);
    expect(Object.keys(map).sort()).toEqual([...Object.keys(base), '../generated/prisma', './prisma/client.js'].sort());
    // the same entry as the exact module's, built once per settings and specifier
    expect(Object.keys(map['../generated/prisma']!)).toEqual(Object.keys(base['@prisma/client']!));
    expect(traceMapForFile(settings, ['../generated/prisma'])['../generated/prisma']).toBe(map['../generated/prisma']);
  });

  it.each([
    ['.prisma/client', true],
    ['.prisma/client/default', true],
    ['../generated/prisma', true],
    ['../../generated/prisma/client', true],
    ['@/generated/prisma/client.ts', true],
    ['./prisma/client', true],
    ['../prisma/client/index.js', true],
    ['./prisma', false],
    ['../generated/prismatic', false],
    ['@acme/prisma/client-helpers', false],
  ])('the Prisma pattern on %s → %s', (specifier, expected) => {
    expect(Object.hasOwn(traceMapForFile(settings, [specifier]), specifier)).toBe(expected);
  });
});

describe('mayHaveResources', () => {
  it.each([
    ["import { PrismaClient } from '../generated/prisma';", true],
    ['const { PrismaClient } = require("./prisma/client");', true],
    ["export * from '.prisma/client';", true],
    ["const client = await import('../generated/prisma/client.js');", true],
    ["import { PrismaClient } from '../lib/db';", false],
    ["const label = 'see ../generated/prisma';", false], // a string that is no specifier
    ["import { Kafka } from 'kafkajs';", true],
    ["import express from 'express';", true],
    ["const AWS = require('aws-sdk');", true],
    ["import { chromium } from 'playwright-core';", true],
  ])('%s → %s', (text, expected) => {
    expect(mayHaveResources(text, settings)).toBe(expected);
  });
});

describe('shapes', () => {
  it('every child closes with a method it also accepts, and every holder opens something', () => {
    for (const factory of RESOURCE_FACTORIES) {
      if (factory.holder) expect(factory.children?.length, factory.library).toBeGreaterThan(0);
      for (const child of descendants(factory)) expect(child.closeMethods, `${factory.library} ${child.label}`).toContain(child.close.method);
    }
  });

  it('a holder is never a resource; what it opens is, in the parent library', () => {
    expect(
      resourcesOf(`
        import { Kafka } from 'kafkajs';
        import AWS from 'aws-sdk';
        import express from 'express';
        const kafka = new Kafka({ brokers: [] });
        const s3 = new AWS.S3();
        const app = express();
        const admin = kafka.admin();
        export const handler = async () => {
          const stream = s3.getObject({ Bucket: 'b', Key: 'k' }).createReadStream();
          return stream;
        };
      `),
    ).toEqual(['admin kafkajs admin module child', 'stream aws-sdk read stream invocation child']);
  });

  it('a listening server is held by the binding of what listens', () => {
    expect(
      resourcesOf(`
        import http from 'node:http';
        import Fastify from 'fastify';
        const a = http.createServer();
        a.listen(1);
        const b = http.createServer().listen(2);
        const f = Fastify();
        const address = await f.listen({ port: 3 });
        export const handler = async () => address;
      `),
    ).toEqual(['a node:http server module child', 'b node:http server module child', 'f fastify server module child']);
  });

  it('a child closed with its parent is tracked only when it outlives the function that holds the parent', () => {
    expect(
      resourcesOf(`
        import puppeteer from 'puppeteer';
        const shared = await puppeteer.launch();
        const home = await shared.newPage();
        export const handler = async () => {
          const own = await puppeteer.launch();
          const ownPage = await own.newPage();
          const sharedPage = await shared.newPage();
          try {
            return [await ownPage.title(), await sharedPage.title()];
          } finally {
            await own.close();
          }
        };
      `),
    ).toEqual(['shared puppeteer browser module', 'own puppeteer browser invocation', 'sharedPage puppeteer page invocation child']);
  });

  it('a pool checkout is tracked beside its pool: ending the pool does not give it back', () => {
    expect(
      resourcesOf(`
        import { Pool } from 'pg';
        export const handler = async () => {
          const pool = new Pool();
          const client = await pool.connect();
          try { return await client.query('select 1'); } finally { client.release(); await pool.end(); }
        };
      `),
    ).toEqual(['pool pg Pool invocation', 'client pg pool checkout invocation child']);
  });

  it("a child opened per invocation from another module's resource is the invocation's to close", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-shapes-'));
    try {
      fs.mkdirSync(path.join(root, 'src'));
      fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "p", "type": "module" }\n');
      fs.writeFileSync(path.join(root, 'src', 'browser.ts'), "import puppeteer from 'puppeteer';\nexport const browser = await puppeteer.launch();\n");
      const file = path.join(root, 'src', 'handler.ts');
      const text = "import { browser } from './browser.js';\nexport const handler = async () => {\n  const page = await browser.newPage();\n  return page.content();\n};\n";
      fs.writeFileSync(file, text);
      const analysis = analyze(parseFile(text, file), settings, { filename: file, cwd: root });
      expect(analysis.resources.map((r) => `${r.name} ${r.spec.library} ${r.spec.label} ${r.scope}`)).toEqual(['page puppeteer page invocation']);
      expect(analysis.invocationCleanup(analysis.resources[0]!).status).toBe('missing');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
