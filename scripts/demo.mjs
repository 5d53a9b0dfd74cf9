// npm run demo: lint the bundled example service with the plugin's own CLI and explain the result.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
console.log('$ lambda-shutdown check examples\n');
const run = spawnSync(process.execPath, ['dist/cli/index.js', 'check', 'examples'], { cwd: root, stdio: 'inherit' });
if (run.status === 1) {
  console.log('The example service has the mistakes listed in examples/README.md; each finding above names the fix.');
  process.exit(0);
}
console.error(run.status === 0 ? 'demo: expected findings in examples/, found none' : `demo: the check failed (exit ${run.status})`);
process.exit(1);
