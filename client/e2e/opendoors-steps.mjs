// Browser steps for open doors (issue 15), on a phone-sized page (360 px): the coordinator makes an
// event public (API), then a guest with no account opens the public page, signs up for a shift
// through the plain HTML form, lands on their personal page, and cancels from their personal link.
// axe runs on each page; screenshots at 360 and 1280 px go to client/test-output/.
// run.mjs calls openDoorsSteps; `node client/e2e/opendoors-steps.mjs` runs them alone against
// BASE_URL (a server with an empty or any database), making its own account and project.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { axeViolations, launchChromium, printFailure, screenshotsAtWidths, targetsOf } from './browser.mjs';

/** An instant `days` from now at `hour` o'clock UTC, to the second. */
function at(days, hour) {
  const date = new Date(Date.now() + days * 86400000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function openDoorsSteps({ step, page, state, run, BASE_URL, checkA11y, screenshots }) {
  const call = async (method, path, body) => {
    const response = await fetch(`${BASE_URL}/api${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${state.sessionA.accessToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const open = {};

  await step('open doors: the coordinator publishes an event with two shifts', async () => {
    const event = await call('POST', `/projects/${state.projectId}/events`, {
      title: `Fête des Lilas ${run}`,
      description: 'Grillades, musique et jeux pour les enfants. Venez donner un coup de main !',
      start: at(12, 10),
      end: at(12, 18),
      location: 'Square des Lilas, Villeurbanne',
    });
    await call('POST', `/events/${event.id}/shifts`, { label: 'Montage des stands', start: at(12, 8), end: at(12, 10), needed: 3 });
    open.shift = await call('POST', `/events/${event.id}/shifts`, { label: 'Buvette', start: at(12, 12), end: at(12, 15), needed: 2 });
    const published = await call('PATCH', `/events/${event.id}`, { public: true });
    open.slug = published.publicSlug;
    if (!open.slug) throw new Error('no publicSlug');
  });

  await step('open doors: the public page reads well at 360 px without an account', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${BASE_URL}/e/${open.slug}`);
    await page.getByRole('heading', { level: 1, name: `Fête des Lilas ${run}` }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Buvette' }).waitFor();
    await checkA11y(page, 'public-event');
    await screenshots(page, 'public-event');
  });

  await step('open doors: a guest signs up from the form and gets a personal link', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Buvette' }) });
    await card.getByText('S’inscrire à ce créneau').click();
    await card.getByLabel('Prénom et nom').fill('Samia Benali');
    await card.getByLabel('Téléphone').fill('06 12 34 56 78');
    await checkA11y(page, 'public-event-form');
    await card.getByRole('button', { name: 'Je m’inscris à « Buvette »' }).click();
    // Without the consent box: the form comes back with the reason, the name kept.
    await page.getByText('Cochez la case').waitFor();
    await checkA11y(page, 'public-event-errors');
    await screenshots(page, 'public-event-errors');
    const again = page.locator('section.card', { has: page.getByRole('heading', { name: 'Buvette' }) });
    if ((await again.getByLabel('Prénom et nom').inputValue()) !== 'Samia Benali') throw new Error('the name was not kept');
    await again.getByRole('checkbox').check();
    await again.getByRole('button', { name: 'Je m’inscris à « Buvette »' }).click();
    await page.getByRole('heading', { name: 'Merci, vous êtes inscrit·e !' }).waitFor();
    open.manageUrl = await page.locator('.notice a').getAttribute('href');
    if (!open.manageUrl?.includes('/e/inscription/')) throw new Error(`unexpected personal link ${open.manageUrl}`);
    await checkA11y(page, 'guest-signup');
    await screenshots(page, 'guest-signup');
    const shifts = await call('GET', `/events/${open.shift.eventId}/shifts`);
    const buvette = shifts.items.find((item) => item.id === open.shift.id);
    if (buvette.remaining !== 1 || buvette.guests[0]?.name !== 'Samia Benali') throw new Error(`shift after sign-up: ${JSON.stringify(buvette)}`);
  });

  await step('open doors: the guest cancels from the personal link', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${BASE_URL}${new URL(open.manageUrl).pathname}`);
    await page.getByRole('heading', { name: 'Votre inscription' }).waitFor();
    await checkA11y(page, 'guest-manage');
    await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
    await page.getByRole('heading', { name: 'Inscription annulée' }).waitFor();
    await checkA11y(page, 'guest-cancelled');
    await screenshots(page, 'guest-cancelled');
    const shifts = await call('GET', `/events/${open.shift.eventId}/shifts`);
    const buvette = shifts.items.find((item) => item.id === open.shift.id);
    if (buvette.remaining !== 2 || buvette.guests.length !== 0) throw new Error(`shift after cancelling: ${JSON.stringify(buvette)}`);
  });
}

/** Alone: `BASE_URL=http://127.0.0.1:3000 node client/e2e/opendoors-steps.mjs`. */
async function standalone() {
  const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const OUTPUT = fileURLToPath(new URL('../test-output/', import.meta.url));
  mkdirSync(OUTPUT, { recursive: true });
  const run = Date.now().toString(36);
  const post = async (path, body, token) => {
    const response = await fetch(`${BASE_URL}/api${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
    return response.json();
  };
  const session = await post('/auth/register', { email: `porte.${run}@example.org`, password: 'un mot de passe solide 2026', displayName: 'Awa' });
  const association = await post('/associations', { name: `Centre social ${run}`, city: 'Villeurbanne' }, session.accessToken);
  const project = await post('/projects', { title: `Fête ${run}`, coordinatorAssociationId: association.id }, session.accessToken);
  const state = { sessionA: session, projectId: project.id };

  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    hasTouch: true,
    isMobile: true,
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const failures = [];
  const step = async (name, body) => {
    try {
      await body();
      console.log(`  ✓ ${name}`);
    } catch (error) {
      failures.push(name);
      printFailure(name, error, 6);
    }
  };
  const checkA11y = async (target, label) => {
    const { violations, blocking } = await axeViolations(target);
    for (const violation of violations) console.log(`    axe ${label}: [${violation.impact}] ${violation.id} (${violation.nodes.length})`);
    if (blocking.length) throw new Error(`axe on ${label}: ${blocking.map((v) => `${v.id} ${targetsOf(v)}`).join('; ')}`);
  };
  const screenshots = (target, name) => screenshotsAtWidths(target, `${OUTPUT}${name}`, 150);
  await openDoorsSteps({ step, page, state, run, BASE_URL, checkA11y, screenshots });
  await browser.close();
  process.exit(failures.length ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await standalone();
