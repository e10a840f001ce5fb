import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsBinDir } from './project-paths';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

type Progress = (line: string) => void;

/**
 * Builds FerretDB with Go into the project's tools folder.
 *
 * A plain `go install …@v1.24.2` builds a binary that panics at start: FerretDB reads its version from
 * build/version/version.txt, which its release tags do not contain. So we fetch the module with the
 * Go toolchain, add that file, and build it ourselves.
 */
export async function installFerretDb(progress: Progress): Promise<string> {
  const target = join(toolsBinDir(), 'ferretdb');
  progress(`Installing FerretDB ${FERRETDB_VERSION} with Go into ${toolsBinDir()} (first run only; it can take a few minutes)…`);
  const { stdout } = await promisify(execFile)('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
  const workDir = mkdtempSync(join(tmpdir(), 'maillage-ferretdb-'));
  try {
    const sourceDir = join(workDir, 'src');
    cpSync(moduleDir, sourceDir, { recursive: true });
    chmodRecursive(sourceDir);
    writeFileSync(join(sourceDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    const built = join(workDir, 'ferretdb');
    await run('go', ['build', '-o', built, './cmd/ferretdb'], sourceDir, progress);
    mkdirSync(toolsBinDir(), { recursive: true });
    // Rename is atomic: a concurrent start sees either no binary or a whole one.
    const staged = `${target}.${process.pid}`;
    cpSync(built, staged);
    chmodSync(staged, 0o755);
    renameSync(staged, target);
    progress(`FerretDB ${FERRETDB_VERSION} installed at ${target}.`);
    return target;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
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
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${lastLines.join('\n')}`)),
    );
  });
}
