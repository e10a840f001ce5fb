/**
 * Open doors: what the public event page (/e/:slug) costs a cheap phone on 3G. The app runs in this
 * process with an event of five shifts; Chromium (playwright-core, /usr/bin/chromium or
 * CHROMIUM_PATH) loads the page at 360 px with its cache disabled under Chrome DevTools' network
 * presets (CDP Network.emulateNetworkConditions) and a 4× slower CPU, BENCH_RUNS times each.
 *
 *   node -r ts-node/register/transpile-only bench/public-page.ts
 *
 * Prints, per preset, the median of: bytes transferred (encoded, headers included), requests,
 * first contentful paint, DOMContentLoaded, and time to interactive. The page has no script, so it
 * is interactive (its forms work) once the document is parsed and loaded with nothing left to fetch:
 * TTI is taken as the load event's end. Uses MONGODB_URI when set, else the embedded database.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app.config';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../src/database/embedded-server';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Chrome DevTools' presets (front_end/core/sdk/NetworkManager.ts): throughput in bytes/s, latency in ms. */
const PRESETS = [
  { name: '3G (DevTools "Fast 3G")', latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 },
  { name: 'Slow 3G (DevTools)', latency: 400 * 5, downloadThroughput: ((500 * 1000) / 8) * 0.8, uploadThroughput: ((500 * 1000) / 8) * 0.8 },
];

const print = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-public-'));
  let database: EmbeddedDatabase | undefined;
  if (!process.env.MONGODB_URI) database = await startEmbeddedDatabase({ dataDir });
  const config = loadConfig(
    { DATA_DIR: dataDir, LOG_LEVEL: 'fatal' },
    { mongodbUri: process.env.MONGODB_URI ?? database?.uri, databaseName: `bench_public_${Date.now().toString(36)}` },
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
    headless: true,
  });
  try {
    const slug = await seed(base);
    print(`Public page ${base}/e/${slug}: 5 shifts, 360 px, cache disabled, CPU 4× slower, median of ${RUNS}`);
    print('preset                      transfer  requests   FCP     DCL     TTI');
    for (const preset of PRESETS) {
      const samples: { bytes: number; requests: number; fcp: number; dcl: number; tti: number }[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', { offline: false, ...preset });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        let bytes = 0;
        let requests = 0;
        cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
          bytes += event.encodedDataLength;
          requests += 1;
        });
        await page.goto(`${base}/e/${slug}`, { waitUntil: 'load' });
        const timing = await page.evaluate(() => {
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          return { fcp: paint?.startTime ?? NaN, dcl: navigation.domContentLoadedEventEnd, tti: navigation.loadEventEnd };
        });
        samples.push({ bytes, requests, ...timing });
        await context.close();
      }
      const cell = (values: number[], unit = ' ms') => `${Math.round(median(values))}${unit}`.padStart(8);
      print(
        `${preset.name.padEnd(26)}${`${(median(samples.map((s) => s.bytes)) / 1024).toFixed(1)} KiB`.padStart(10)}${String(median(samples.map((s) => s.requests))).padStart(9)}` +
          `${cell(samples.map((s) => s.fcp))}${cell(samples.map((s) => s.dcl))}${cell(samples.map((s) => s.tti))}`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A coordinator, a project, and a public event with five shifts; answers its slug. */
async function seed(base: string): Promise<string> {
  let token = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  };
  token = (await call('POST', '/auth/register', { email: 'bench@example.org', password: 'a bench password 2026', displayName: 'Bench' })).accessToken;
  const association = await call('POST', '/associations', { name: 'Centre social des Lilas', city: 'Marseille' });
  const project = await call('POST', '/projects', { title: 'Fête des Lilas', coordinatorAssociationId: association.id });
  const day = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  const event = await call('POST', `/projects/${project.id}/events`, {
    title: 'Fête des Lilas',
    description: 'Grillades, musique, jeux pour les enfants et scène ouverte. Venez donner un coup de main : il y a de la place pour tout le monde !',
    start: `${day}T08:00:00Z`,
    end: `${day}T20:00:00Z`,
    location: 'Square des Lilas, 13014 Marseille',
    isPublic: true,
  });
  for (const [label, from, to] of [
    ['Montage des stands', 7, 9],
    ['Accueil', 9, 12],
    ['Buvette', 12, 15],
    ['Animation des jeux', 14, 17],
    ['Rangement', 19, 21],
  ] as const) {
    await call('POST', `/events/${event.id}/shifts`, {
      label,
      start: `${day}T${String(from).padStart(2, '0')}:00:00Z`,
      end: `${day}T${String(to).padStart(2, '0')}:00:00Z`,
      needed: 4,
    });
  }
  return event.publicSlug;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
