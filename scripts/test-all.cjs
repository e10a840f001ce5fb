#!/usr/bin/env node
/*
 * `npm test`: runs every test stage in order (stopping at the first red one, as `a && b` would) and
 * ends with one plain-text summary of what ran. Each runner prints its own totals in its own format,
 * some coloured and some on stderr, so a reader of a long CI log (or of its tail) could not tell how
 * many tests ran; the summary states it once, ending on the plain line `Tests: N passed, N failed`.
 */
const { spawn } = require('node:child_process');

const STAGES = [
  { name: 'unit (jest)', script: 'test:unit', count: jestCount },
  { name: 'e2e (jest, real database)', script: 'test:e2e', count: jestCount },
  // generated requests, not written tests: shown, but kept out of the Tests total
  { name: 'api (schemathesis requests)', script: 'test:api', count: schemathesisCount, generated: true },
  { name: 'client (vitest)', script: 'test:client', count: vitestCount },
  { name: 'browser (chromium)', script: 'test:browser', count: browserCount },
];

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function lastMatch(text, pattern) {
  const matches = [...text.matchAll(pattern)];
  return matches.length ? matches[matches.length - 1] : null;
}

function jestCount(text) {
  const line = lastMatch(text, /^Tests:\s+(.*)$/gm);
  if (!line) return null;
  const number = (label) => Number((line[1].match(new RegExp(`(\\d+) ${label}`)) ?? [0, 0])[1]);
  return { passed: number('passed'), failed: number('failed'), skipped: number('skipped') + number('todo') };
}

function vitestCount(text) {
  const line = lastMatch(text, /^\s*Tests\s+(.*)$/gm);
  if (!line) return null;
  const number = (label) => Number((line[1].match(new RegExp(`(\\d+) ${label}`)) ?? [0, 0])[1]);
  return { passed: number('passed'), failed: number('failed'), skipped: number('skipped') + number('todo') };
}

function schemathesisCount(text) {
  const line = lastMatch(text, /(\d+) generated, (\d+) passed(?:, (\d+) failed)?/g);
  if (!line) return null;
  return { passed: Number(line[2]), failed: Number(line[3] ?? 0), skipped: 0 };
}

function browserCount(text) {
  const line = lastMatch(text, /^(\d+) passed, (\d+) failed\./gm);
  if (!line) return null;
  return { passed: Number(line[1]), failed: Number(line[2]), skipped: 0 };
}

function runStage(stage) {
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['run', '--silent', stage.script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      text += chunk.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? 1, counts: stage.count(text.replace(ANSI, '')) }));
  });
}

function printSummary(results) {
  const lines = ['', '===== Test summary ====='];
  const totals = { passed: 0, failed: 0, skipped: 0 };
  let generated = 0;
  for (const { stage, code, counts } of results) {
    const shown = counts ? `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}` : 'no count printed';
    lines.push(`${stage.name.padEnd(30)} ${shown}${code === 0 ? '' : `  (exit ${code})`}`);
    if (counts && stage.generated) generated += counts.passed + counts.failed;
    else if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key];
  }
  const notRun = STAGES.slice(results.length).map((stage) => stage.name);
  if (notRun.length) lines.push(`not run after the failure: ${notRun.join(', ')}`);
  if (generated) lines.push(`(and ${generated} generated API requests checked by schemathesis, not counted below)`);
  // Last, in the plain form CI reads as the run's closing line ("Tests: N passed, N failed").
  lines.push(`Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  const results = [];
  for (const stage of STAGES) {
    const result = await runStage(stage);
    results.push({ stage, ...result });
    if (result.code !== 0) break;
  }
  printSummary(results);
  const failed = results.find((result) => result.code !== 0);
  process.exit(failed ? failed.code : 0);
}

void main();
