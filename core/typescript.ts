/**
 * The TypeScript compiler API, through `require`. The parser (@typescript-eslint/typescript-estree) has already required
 * it when a rule runs, so this is the same module instance at no cost. An ES `import` of the 9 MB CommonJS file would
 * make Node scan all of it for named exports first (cjs-module-lexer: about 0.3 s of CPU in every lint process).
 * Modules take the value from here and the types from `import type * as TS from 'typescript'`.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

const ts: typeof TS = createRequire(import.meta.url)('typescript');
export default ts;
