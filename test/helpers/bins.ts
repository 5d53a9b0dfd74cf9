/**
 * The two built bins, as the packages publish them (`npm run build` first): the plugin's `lambda-shutdown` (check,
 * list) and the codemods' `lambda-shutdown-codemod`, from the codemods package's own build (codemods/dist).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PLUGIN_BIN = path.join(REPO_ROOT, 'dist', 'cli', 'index.js');
export const CODEMOD_BIN = path.join(REPO_ROOT, 'codemods', 'dist', 'codemods', 'cli', 'index.js');
