import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsBinDir } from './project-paths';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

type Progress = (line: string) => void;

/** Longest silence while installing: `go mod download` and `go build` print nothing for minutes. */
const HEARTBEAT_MS = 5_000;

/**
 * Builds FerretDB with Go into the project's tools folder.
 *
 * A plain `go install …@v1.24.2` builds a binary that panics at start: FerretDB reads its version from
 * build/version/version.txt, which its release tags do not contain. So we fetch the module with the
 * Go toolchain, add that file, and build it ourselves.
 */
export async function installFerretDb(output: Progress): Promise<string> {
  const target = join(toolsBinDir(), 'ferretdb');
  const progress = withHeartbeat(output);
  progress.say(`Installing FerretDB ${FERRETDB_VERSION} with Go into ${toolsBinDir()} (first run only; it can take a few minutes)…`);
  const workDir = mkdtempSync(join(tmpdir(), 'maillage-ferretdb-'));
  try {
    progress.step(1, `downloading the FerretDB ${FERRETDB_VERSION} module with Go`);
    const { stdout } = await promisify(execFile)('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
    const sourceDir = join(workDir, 'src');
    cpSync(moduleDir, sourceDir, { recursive: true });
    chmodRecursive(sourceDir);
    writeFileSync(join(sourceDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    const built = join(workDir, 'ferretdb');
    progress.step(2, 'compiling FerretDB and its dependencies with go build (the longest step)');
    await run('go', ['build', '-o', built, './cmd/ferretdb'], sourceDir, progress.say);
    progress.step(3, `copying the binary into ${toolsBinDir()}`);
    mkdirSync(toolsBinDir(), { recursive: true });
    // Rename is atomic: a concurrent start sees either no binary or a whole one.
    const staged = `${target}.${process.pid}`;
    cpSync(built, staged);
    chmodSync(staged, 0o755);
    renameSync(staged, target);
    progress.say(`FerretDB ${FERRETDB_VERSION} installed at ${target} in ${progress.elapsed()}.`);
    return target;
  } finally {
    progress.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const INSTALL_STEPS = 3;

/**
 * Wraps the progress output with a heartbeat: after HEARTBEAT_MS without a line, it repeats the current
 * step with the time elapsed, so a first start never looks stuck.
 */
function withHeartbeat(output: Progress) {
  const startedAt = Date.now();
  let lastLineAt = startedAt;
  let current = 'starting';
  const elapsed = () => `${Math.round((Date.now() - startedAt) / 1000)} s`;
  const say = (line: string) => {
    lastLineAt = Date.now();
    output(line);
  };
  const timer = setInterval(() => {
    if (Date.now() - lastLineAt >= HEARTBEAT_MS) say(`FerretDB install: still ${current}… (${elapsed()} elapsed)`);
  }, 1_000);
  timer.unref();
  return {
    say,
    elapsed,
    step(index: number, what: string) {
      current = `${what} [step ${index}/${INSTALL_STEPS}]`;
      say(`FerretDB install, step ${index}/${INSTALL_STEPS}: ${what} (${elapsed()} elapsed)`);
    },
    stop: () => clearInterval(timer),
  };
}

function chmodRecursive(dir: string): void {
  // Files in Go's module cache are read-only; the copy must be writable to add version.txt.
  execFileSync('chmod', ['-R', 'u+w', dir]);
}

function run(command: string, args: string[], cwd: string, progress: Progress): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' } });
    let lastLines: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lastLines = [...lastLines.slice(-20), line];
        progress(`  ${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${lastLines.join('\n')}`))));
  });
}
