// Runs a component transpiled by jco under Node with preview3-shim.
// Usage: node jco-run.mjs <transpiled-dir> <argv0> [args...]
// Exit status: 0 when run returns ok, 1 on err or a trap; a program that
// calls exit-with-code leaves through the shim's process.exit(code).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { _setArgs } from '@bytecodealliance/preview3-shim/cli';

const [, , dir, ...argv] = process.argv;
_setArgs(argv);
let status = 1;
try {
  const app = await import(pathToFileURL(join(dir, 'app.js')).href);
  if (app.$init) await app.$init;
  const run = app['wasi:cli/run@0.3.0']?.run ?? app.run?.run;
  if (!run) throw new Error('the component exports no wasi:cli/run@0.3.0');
  const res = await run();
  // jco returns the ok payload or throws on err, depending on its version.
  status = res && typeof res === 'object' && res.tag === 'err' ? 1 : 0;
} catch (e) {
  process.stderr.write(`p3run(jco): ${e?.stack ?? e}\n`);
  status = 1;
}
// The shim's worker threads would keep Node alive: leave explicitly.
process.exit(status);
