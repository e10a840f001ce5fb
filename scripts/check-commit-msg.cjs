#!/usr/bin/env node
// A commit-msg hook: the subject fits in 72 characters (one line in `git log --oneline`, in mail
// and in review tools) and a body, after a blank line, says why. Install it once per clone with
//   ln -s ../../scripts/check-commit-msg.cjs "$(git rev-parse --git-path hooks)/commit-msg"
// or check a message by hand: node scripts/check-commit-msg.cjs FILE
'use strict';
const { readFileSync } = require('node:fs');

const MAX_SUBJECT = 72;
const file = process.argv[2];
if (!file) {
  console.error('usage: check-commit-msg.cjs COMMIT_MESSAGE_FILE');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('#'));
const [subject = '', separator = '', ...body] = lines;
const problems = [];
if (/^(fixup|squash|amend)! /.test(subject)) process.exit(0); // rewritten before it lands
if (!subject.trim()) problems.push('the subject line is empty');
if (subject.length > MAX_SUBJECT) problems.push(`the subject has ${subject.length} characters (at most ${MAX_SUBJECT})`);
if (separator.trim()) problems.push('the second line must be blank, between the subject and the body');
if (!body.some((line) => line.trim())) problems.push('there is no body: say why the change is made');
if (problems.length) {
  console.error(`commit message refused:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
