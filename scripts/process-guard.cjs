#!/usr/bin/env node
// Runs a database server as our child and kills it as soon as its parent goes away, even when the
// parent is killed with SIGKILL: the parent holds our stdin open, so its end means the parent died.
'use strict';
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
}

process.stdin.on('data', () => {});
process.stdin.on('end', () => stop('SIGTERM'));
process.stdin.on('error', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (error) => {
  console.error(`process-guard: cannot start ${command}: ${error.message}`);
  process.exit(127);
});
