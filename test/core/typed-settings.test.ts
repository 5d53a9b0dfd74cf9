/** `settings['lambda-shutdown'].typedResources`: its shapes, its type specs, and the errors for malformed values. */
import { describe, expect, it } from 'vitest';
import { TYPED_RESOURCE_DENY } from '../../core/catalog.js';
import { TYPED_RESOURCES_ON, parseTypeSpec, resolveSettings } from '../../core/settings.js';

const resolve = (typedResources: unknown) => resolveSettings({ 'lambda-shutdown': { typedResources } });

describe('typedResources', () => {
  it('is off by default', () => {
    expect(resolveSettings(undefined).typedResources).toBeNull();
    expect(resolveSettings({ 'lambda-shutdown': {} }).typedResources).toBeNull();
    expect(resolve(false).typedResources).toBeNull();
  });

  it('true turns it on with the built-in deny list only', () => {
    expect(resolve(true).typedResources).toBe(TYPED_RESOURCES_ON);
    expect(TYPED_RESOURCES_ON.builtinDeny.map((s) => s.text)).toEqual(TYPED_RESOURCE_DENY);
    expect(TYPED_RESOURCES_ON.allow).toEqual([]);
  });

  it('an object turns it on with its allow and deny lists', () => {
    const typed = resolve({ allow: ['some-db#Connection', 'Tunnel'], deny: ['@acme/*#*'] }).typedResources!;
    expect(typed.allow).toEqual([
      { text: 'some-db#Connection', module: 'some-db', modulePrefix: false, name: 'Connection' },
      { text: 'Tunnel', module: null, modulePrefix: false, name: 'Tunnel' },
    ]);
    expect(typed.deny).toEqual([{ text: '@acme/*#*', module: '@acme/', modulePrefix: true, name: null }]);
    expect(typed.builtinDeny).toBe(TYPED_RESOURCES_ON.builtinDeny);
    expect(resolve({}).typedResources).toMatchObject({ allow: [], deny: [] });
  });

  it.each([
    ['Connection', { module: null, modulePrefix: false, name: 'Connection' }],
    ['$Client', { module: null, modulePrefix: false, name: '$Client' }],
    ['node:net#Socket', { module: 'net', modulePrefix: false, name: 'Socket' }],
    ['mysql2/promise#Pool', { module: 'mysql2/promise', modulePrefix: false, name: 'Pool' }],
    ['aws-*#*', { module: 'aws-', modulePrefix: true, name: null }],
  ])('parses %s', (text, spec) => {
    expect(parseTypeSpec(text)).toEqual({ text, ...spec });
  });

  it.each(['', 'a#b#c', 'some-db#', '#Connection', 'some db#Connection', 'some-db#Conn ection', 'some-db#1Connection', '@a*b#X'])('rejects %j', (text) => {
    expect(parseTypeSpec(text)).toBeNull();
  });

  it.each([
    ['yes', "settings['lambda-shutdown'].typedResources must be true, false, or an object { allow?: string[], deny?: string[] }."],
    [['Connection'], "settings['lambda-shutdown'].typedResources must be true, false, or an object { allow?: string[], deny?: string[] }."],
    [{ alow: ['Connection'] }, "settings['lambda-shutdown'].typedResources has an unknown key 'alow': expected 'allow' or 'deny'."],
    [
      { allow: 'Connection' },
      "settings['lambda-shutdown'].typedResources.allow must be an array of type specs. Write a type name ('Connection') or 'module#Type' ('some-db#Connection'); '*' matches any name, and a module ending in '*' every module that starts so ('@acme/*#*').",
    ],
    [
      { deny: ['Connection', 'a#b#c'] },
      "settings['lambda-shutdown'].typedResources.deny[1] is not a type spec: \"a#b#c\". Write a type name ('Connection') or 'module#Type' ('some-db#Connection'); '*' matches any name, and a module ending in '*' every module that starts so ('@acme/*#*').",
    ],
    [{ allow: [42] }, "settings['lambda-shutdown'].typedResources.allow[0] is not a type spec: 42."],
  ])('rejects typedResources: %j', (value, message) => {
    expect(() => resolve(value)).toThrow(message);
  });
});
