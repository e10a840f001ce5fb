#!/usr/bin/env node
// Runs a database server as our child and kills it as soon as its parent goes away, even when the
// parent is killed with SIGKILL: the parent holds our stdin open, so its end means the parent died.
// When the server dies on its own we exit too (128 + signal number, as a shell says it), and the
// parent's supervisor decides whether to start a new guard and server.
'use strict';
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
// If we are killed outright, our parent uses this to end the server we can no longer stop.
if (child.pid) process.stderr.write(`process-guard: server pid ${child.pid}\n`);
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
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 0)));
child.on('error', (error) => {
  console.error(`process-guard: cannot start ${command}: ${error.message}`);
  process.exit(127);
});
