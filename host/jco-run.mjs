// Runs a component transpiled by jco under Node with preview3-shim.
// Usage: node jco-run.mjs <transpiled-dir> <argv0> [args...]
// Exit status: 0 when run returns ok, the program's code when it calls
// exit-with-code, 1 on err or a trap.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { _setArgs } from '@bytecodealliance/preview3-shim/cli';
import { _setPreopens } from '@bytecodealliance/preview3-shim/filesystem';

const [, , dir, ...argv] = process.argv;
_setArgs(argv);

// bin/p3run --dir: GUEST<TAB>HOST lines. The shim's default would map the
// host's whole root; a component gets only what was asked for.
const preopens = {};
for (const line of (process.env.P3RUN_DIRS ?? '').split('\n')) {
  const tab = line.indexOf('\t');
  if (tab > 0) preopens[line.slice(0, tab)] = line.slice(tab + 1);
}
_setPreopens(preopens);

// preview3-shim writes stdout and stderr from a worker thread, whose output
// reaches this thread asynchronously: exiting at once can lose the last
// bytes. So exits wait until output has been quiet for a moment. The shim's
// exit() calls process.exit from inside the component; it is turned into an
// exception that unwinds the component and ends up below.
class Exit extends Error {
  constructor(code) {
    super(`exit(${code})`);
    this.exitCode = code;
  }
}
const realExit = process.exit.bind(process);
process.exit = (code) => {
  throw new Exit(code ?? 0);
};

let written = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    written += chunk?.length ?? 0;
    return write(chunk, ...rest);
  };
}

async function quiet() {
  let last = -1;
  for (let i = 0; i < 100 && written !== last; i++) {
    last = written;
    await sleep(20);
  }
  await new Promise((r) => process.stdout.write('', r));
  await new Promise((r) => process.stderr.write('', r));
}

function exitCodeOf(e) {
  for (let x = e; x; x = x.cause) if (x instanceof Exit) return x.exitCode;
  return undefined;
}

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
  const code = exitCodeOf(e);
  if (code !== undefined) {
    status = code;
  } else {
    process.stderr.write(`p3run(jco): ${e?.stack ?? e}\n`);
    status = 1;
  }
}
await quiet();
// The shim's worker threads would keep Node alive: leave explicitly.
realExit(status);
