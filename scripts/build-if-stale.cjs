#!/usr/bin/env node
// `npm start` runs `node -r ./scripts/build-if-stale.cjs dist/main.js`: this file runs first, in the
// same Node process as the server (a second process and npm's prestart hook cost about a second on a
// busy machine). It builds the server and the web client only when one of their sources changed
// since their last build, so a second start with nothing changed serves in seconds (building both
// costs more than a minute on a small machine).
//
// Why at start and not at install: sources change after `npm install` (a pull, an edit), and a start
// must never serve an old build. Why mtimes and not hashes: reading every file would cost seconds;
// a stat does not. Directories count too, so a deleted or renamed file also makes the build stale.
// Each build leaves a stamp file whose mtime is the moment that build STARTED: a file saved while it
// ran is newer than the stamp, and the next start builds again.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);
const STAMP = '.build-stamp';

const targets = [
  {
    name: 'server',
    output: 'dist',
    command: ['run', 'build'],
    sources: ['src', 'packages', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json', 'package-lock.json'],
  },
  {
    name: 'web client',
    output: 'client/dist',
    command: ['run', 'build:client'],
    sources: [
      'client/src',
      'client/public',
      'client/index.html',
      'client/vite.config.ts',
      'client/tsconfig.json',
      'client/package.json',
      'packages',
      'package.json',
      'package-lock.json',
    ],
  },
];

/** The newest mtime under `path` (a file or a folder, folders included), with the path that has it. */
function newest(path) {
  const stat = statSync(path);
  let found = { mtimeMs: stat.mtimeMs, path };
  if (!stat.isDirectory()) return found;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    const inner = newest(join(path, entry.name));
    if (inner.mtimeMs > found.mtimeMs) found = inner;
  }
  return found;
}

/** Why the target must be built, or undefined when its build is newer than all its sources. */
function staleness(target) {
  const stampPath = join(root, target.output, STAMP);
  if (!existsSync(stampPath)) return `no build in ${target.output}/ yet`;
  const stampMs = statSync(stampPath).mtimeMs;
  for (const source of target.sources) {
    const path = join(root, source);
    if (!existsSync(path)) continue;
    const latest = newest(path);
    if (latest.mtimeMs > stampMs) return `${relative(root, latest.path)} changed since the last build`;
  }
  return undefined;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const target of targets) {
  const reason = process.env.FORCE_BUILD ? 'FORCE_BUILD is set' : staleness(target);
  if (!reason) {
    console.warn(`[start] ${target.name}: build in ${target.output}/ is up to date`);
    continue;
  }
  console.warn(`[start] ${target.name}: building (${reason})…`);
  const startedAt = new Date();
  const result = spawnSync(npm, target.command, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const stampPath = join(root, target.output, STAMP);
  writeFileSync(stampPath, `built from sources as of ${startedAt.toISOString()}\n`);
  utimesSync(stampPath, startedAt, startedAt);
  console.warn(`[start] ${target.name}: built in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
}
