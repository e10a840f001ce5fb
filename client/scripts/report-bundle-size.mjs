// Prints the gzipped size of the JavaScript the sign-in page loads first (entry chunk and its static imports),
// and fails the build above the 200 KB budget: volunteers are on phones with slow connections.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_KB = 200;
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entryKey);

// The sign-in route is lazy: it is fetched right after the entry, so it counts too.
const signInKey = Object.keys(manifest).find((key) => key.includes('features/auth/components/sign-in-page'));
if (signInKey) visit(signInKey);

let totalBytes = 0;
for (const file of initial) {
  const gzipped = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  totalBytes += gzipped;
  console.log(`  ${file.padEnd(48)} ${(gzipped / 1024).toFixed(1).padStart(7)} KB gz`);
}
const totalKb = totalBytes / 1024;
console.log(`Sign-in page initial JS: ${totalKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (totalKb > BUDGET_KB) {
  console.error('Over budget.');
  process.exit(1);
}
