// Browser tests against a running Maillage server (BASE_URL, default http://localhost:3000):
// real sign-up, association, project, board (keyboard move), live updates between two browsers,
// partner invitation signed through the charter, chat, 404 — with axe-core checks and screenshots
// at 360 and 1280 px into client/test-output/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { axeViolations, launchChromium, printFailure, screenshotsAtWidths, targetsOf } from './browser.mjs';
import { resourceSteps, resourceStepsInEnglish } from './resources-steps.mjs';
import { notificationSteps, passwordResetSteps } from './notifications-steps.mjs';
import { contributionSteps } from './contributions-steps.mjs';
import { decisionSteps } from './decisions-steps.mjs';
import { openDoorsSteps } from './opendoors-steps.mjs';
import { eventSteps } from './events-steps.mjs';
import { boardKeyboardSteps, narrowLayoutSteps } from './board-steps.mjs';
import { fixesSteps } from './fixes-steps.mjs';

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const OUTPUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const run = Date.now().toString(36);

mkdirSync(OUTPUT, { recursive: true });
const results = [];
const axeFindings = [];

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false, error });
    printFailure(name, error, 6);
    await describePages(name);
  }
}

/**
 * Each page's last socket.io frames, kept so that a failed step can tell what the live connection
 * did: a live step that times out is otherwise silent about whether the socket connected, joined or
 * received anything.
 */
const socketTraces = new Map();
const TRACE_FRAMES = 40;

function traceSockets(page, label) {
  const trace = [];
  socketTraces.set(label, { page, trace });
  const keep = (line) => {
    trace.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (trace.length > TRACE_FRAMES) trace.shift();
  };
  page.on('websocket', (ws) => {
    keep(`open ${ws.url().replace(/token=[^&]*/, 'token=…')}`);
    const shown = (payload) =>
      String(payload)
        .replace(/"token":"[^"]*"/g, '"token":"…"')
        .slice(0, 160);
    ws.on('framesent', (frame) => keep(`→ ${shown(frame.payload)}`));
    ws.on('framereceived', (frame) => keep(`← ${shown(frame.payload)}`));
    ws.on('close', () => keep('close'));
    ws.on('socketerror', (error) => keep(`error ${error}`));
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) keep(`page ${frame.url()}`);
  });
}

async function describePages(stepName) {
  const slug = stepName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  for (const [label, { page, trace }] of socketTraces) {
    const live = await page
      .locator('.live')
      .first()
      .textContent({ timeout: 500 })
      .catch(() => '(no live indicator)');
    console.log(`    page ${label} at ${page.url()}, live indicator: ${live}`);
    for (const line of trace) console.log(`      ${line}`);
    await page.screenshot({ path: `${OUTPUT}failed-${slug}-${label}.png` }).catch(() => undefined);
  }
}

async function apiCall(method, path, body, token) {
  const response = await fetch(`${BASE_URL}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
  return json;
}

/** Runs axe (WCAG 2 A and AA) on the page; serious and critical violations fail the step. */
async function checkA11y(page, label) {
  const { violations, blocking } = await axeViolations(page);
  for (const violation of violations) axeFindings.push(`${label}: [${violation.impact}] ${violation.id} — ${violation.help} (${violation.nodes.length})`);
  if (blocking.length) throw new Error(`axe on ${label}: ${blocking.map((v) => `${v.id} ${targetsOf(v)}`).join('; ')}`);
}

async function screenshots(page, name) {
  const original = page.viewportSize();
  await screenshotsAtWidths(page, `${OUTPUT}${name}`, 150);
  await page.setViewportSize(original);
}

/** Signs in through the UI by putting a session in storage (faster than the form for the second user). */
async function signInWithSession(page, session) {
  await page.goto(`${BASE_URL}/sign-in`);
  await page.evaluate((value) => localStorage.setItem('maillage.session', JSON.stringify(value)), session);
}

async function main() {
  const health = await fetch(`${BASE_URL}/api/health`).catch((error) => error);
  if (!(health instanceof Response) || !health.ok) {
    console.error(`The server at ${BASE_URL} does not answer /api/health. Start it (npm run build && npm start from the repository root) or set BASE_URL.`);
    process.exit(2);
  }

  const browser = await launchChromium();
  const contextA = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const contextB = await browser.newContext({
    viewport: { width: 360, height: 780 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    hasTouch: true,
    isMobile: true,
  });
  contextA.setDefaultTimeout(10000);
  contextB.setDefaultTimeout(10000);
  const pageA = await contextA.newPage();
  const pageB = await contextB.newPage();
  const consoleErrors = [];
  for (const page of [pageA, pageB]) page.on('pageerror', (error) => consoleErrors.push(String(error)));
  traceSockets(pageA, 'A');
  traceSockets(pageB, 'B');

  const emailA = `amina.${run}@example.org`;
  const state = {};

  console.log(`Maillage browser tests against ${BASE_URL}`);

  await step('sign-up page is accessible and in French', async () => {
    await pageA.goto(`${BASE_URL}/sign-up`);
    await pageA.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    await checkA11y(pageA, 'sign-up');
    await screenshots(pageA, 'sign-up');
  });

  await step('field errors from problem details show under the fields', async () => {
    await pageA.getByLabel('Nom affiché').fill('A');
    await pageA.getByLabel('Adresse e-mail').fill('not-an-email');
    await pageA.getByLabel('Mot de passe').fill('x');
    await pageA.getByRole('button', { name: 'Créer un compte' }).click();
    await pageA.locator('.field__error').first().waitFor({ timeout: 5000 });
    await screenshots(pageA, 'sign-up-errors');
  });

  await step('sign up through the form', async () => {
    await pageA.getByLabel('Nom affiché').fill('Amina Diallo');
    await pageA.getByLabel('Adresse e-mail').fill(emailA);
    await pageA.getByLabel('Mot de passe').fill('un mot de passe solide 2026');
    await pageA.getByRole('button', { name: 'Créer un compte' }).click();
    await pageA.getByRole('heading', { name: 'Mes actions communes' }).waitFor();
    state.sessionA = await pageA.evaluate(() => JSON.parse(localStorage.getItem('maillage.session')));
    await checkA11y(pageA, 'projects-empty');
    await screenshots(pageA, 'projects-empty');
  });

  await step('create an association', async () => {
    await pageA.getByRole('link', { name: 'Mes associations' }).click();
    await pageA.getByRole('button', { name: 'Créer une association' }).click();
    await pageA.getByLabel('Nom', { exact: true }).fill(`Cinéma du Parc ${run}`);
    await pageA.getByLabel('Ville').fill('Villeurbanne');
    await pageA.getByLabel('Quartier').fill('Saint-Jean');
    await pageA.getByRole('button', { name: 'Créer une association' }).last().click();
    await pageA.getByRole('heading', { name: `Cinéma du Parc ${run}` }).waitFor();
    // the list may show the new name before the page has moved to the association's own address
    await pageA.waitForURL(/\/associations\/[0-9a-f]{24}$/);
    state.associationA = pageA.url().split('/associations/')[1];
    await checkA11y(pageA, 'association');
  });

  await step('invitation link is shown and copyable', async () => {
    await pageA.getByRole('button', { name: 'Créer le lien' }).click();
    const link = await pageA.getByLabel('Lien d’invitation').inputValue();
    if (!link.includes('/invitations/')) throw new Error(`unexpected link ${link}`);
    await screenshots(pageA, 'association');
  });

  await step('create a joint project', async () => {
    await pageA.getByRole('link', { name: 'Actions communes' }).click();
    await pageA.getByRole('button', { name: 'Nouvelle action commune' }).click();
    await pageA.getByLabel('Titre').fill(`Ciné-débat ${run}`);
    await pageA.getByLabel('Description').fill('Projection et débat avec les associations du quartier.');
    await pageA.getByRole('button', { name: 'Créer l’action commune' }).click();
    await pageA.getByText('En direct').waitFor({ timeout: 10000 });
    state.projectId = pageA.url().split('/projects/')[1].split('/')[0];
    await checkA11y(pageA, 'overview');
    await screenshots(pageA, 'overview');
  });

  await step('board: add tasks and move one with the keyboard alternative', async () => {
    await pageA.getByRole('link', { name: 'Tâches', exact: true }).click();
    for (const title of ['Réserver la salle', 'Imprimer les affiches']) {
      await pageA.getByLabel('Titre de la nouvelle tâche').fill(title);
      await pageA.getByRole('button', { name: 'Ajouter' }).click();
      await pageA.getByRole('link', { name: title }).waitFor();
    }
    await pageA.getByRole('button', { name: 'Actions pour « Réserver la salle »' }).click();
    await pageA.getByRole('menu').getByRole('menuitem', { name: 'En cours' }).click();
    await pageA
      .getByRole('region', { name: /^En cours/ })
      .getByRole('link', { name: 'Réserver la salle' })
      .waitFor();
    await pageA.reload();
    await pageA
      .getByRole('region', { name: /^En cours/ })
      .getByRole('link', { name: 'Réserver la salle' })
      .waitFor();
    await checkA11y(pageA, 'board');
    await screenshots(pageA, 'board');
  });

  await step('board: drag and drop moves a task', async () => {
    const card = pageA.locator('li.task-card', { hasText: 'Imprimer les affiches' });
    const target = pageA.getByRole('region', { name: /^Terminée/ }).getByRole('list');
    await card.dragTo(target);
    await pageA
      .getByRole('region', { name: /^Terminée/ })
      .getByRole('link', { name: 'Imprimer les affiches' })
      .waitFor({ timeout: 5000 });
  });

  await boardKeyboardSteps({ step, pageA, state, BASE_URL, apiCall, checkA11y, screenshots });

  await step('a second partner signs the charter from its invitation', async () => {
    const b = await apiCall('POST', '/auth/register', {
      email: `karim.${run}@example.org`,
      password: 'un autre mot de passe 2026',
      displayName: 'Karim Benali',
      locale: 'fr',
    });
    state.sessionB = b;
    const association = await apiCall('POST', '/associations', { name: `Régie de quartier ${run}`, city: 'Villeurbanne' }, b.accessToken);
    state.associationB = association.id;
    await apiCall(
      'POST',
      `/projects/${state.projectId}/partners`,
      { associationId: association.id, message: 'Bienvenue dans le ciné-débat !' },
      state.sessionA.accessToken,
    );
    await signInWithSession(pageB, b);
    await pageB.goto(`${BASE_URL}/projects`);
    await pageB.getByRole('heading', { name: 'Invitations en attente' }).waitFor();
    await screenshots(pageB, 'projects-invitation');
    await pageB.getByRole('link', { name: 'Lire et signer la charte' }).click();
    await pageB.getByRole('heading', { name: /Charte de coopération — version/ }).waitFor();
    await checkA11y(pageB, 'project-invitation');
    await screenshots(pageB, 'project-invitation');
    await pageB.getByRole('button', { name: /Signer la charte/ }).click();
    await pageB.getByText('En direct').waitFor({ timeout: 10000 });
  });

  await step('live: a task created by the partner appears on the board without reload', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/board`);
    await pageA.getByText('En direct').waitFor({ timeout: 10000 });
    await apiCall(
      'POST',
      `/projects/${state.projectId}/tasks`,
      { title: 'Prêter le vidéoprojecteur', assigneeAssociationId: state.associationB },
      state.sessionB.accessToken,
    );
    await pageA.getByRole('link', { name: 'Prêter le vidéoprojecteur' }).waitFor({ timeout: 5000 });
  });

  await step('task detail: edit, checklist and comment', async () => {
    await pageA.getByRole('link', { name: 'Prêter le vidéoprojecteur' }).click();
    await pageA.getByRole('heading', { name: 'Prêter le vidéoprojecteur' }).waitFor();
    await pageA.getByLabel('Nouvel élément').fill('Vérifier le câble HDMI');
    await pageA.getByRole('button', { name: 'Ajouter' }).click();
    await pageA.getByRole('checkbox', { name: 'Vérifier le câble HDMI' }).waitFor();
    await pageA.getByLabel('Votre commentaire').fill('On le récupère vendredi.');
    await pageA.getByRole('button', { name: 'Commenter' }).click();
    await pageA.getByText('On le récupère vendredi.').waitFor();
    await checkA11y(pageA, 'task-detail');
    await screenshots(pageA, 'task-detail');
  });

  await step('stale edit: a 409 keeps nothing half-done and shows the current version', async () => {
    const tasks = await apiCall('GET', `/projects/${state.projectId}/tasks`, undefined, state.sessionB.accessToken);
    const task = tasks.items.find((item) => item.title === 'Prêter le vidéoprojecteur');
    // A starts editing; meanwhile B renames the task (A's page hears it live but keeps A's draft)
    await pageA.getByLabel('Titre', { exact: true }).fill('Prêter le projecteur');
    await apiCall('PATCH', `/tasks/${task.id}`, { title: 'Prêter le vidéoprojecteur (Régie)', version: task.version }, state.sessionB.accessToken);
    await pageA.getByRole('heading', { name: 'Prêter le vidéoprojecteur (Régie)' }).waitFor({ timeout: 5000 });
    await pageA.getByRole('button', { name: 'Enregistrer' }).click();
    await pageA.getByText('Quelqu’un a modifié cette tâche').waitFor({ timeout: 5000 });
    const shown = await pageA.getByLabel('Titre', { exact: true }).inputValue();
    if (shown !== 'Prêter le vidéoprojecteur (Régie)') throw new Error(`form shows "${shown}" instead of the current version`);
    await screenshots(pageA, 'task-conflict');
  });

  await step('partners and charter show who signed which version', async () => {
    await pageA.getByRole('link', { name: 'Partenaires et charte' }).click();
    await pageA.getByRole('table').getByText(`Régie de quartier ${run}`).waitFor();
    await checkA11y(pageA, 'partners');
    await screenshots(pageA, 'partners');
  });

  await narrowLayoutSteps({ step, pageA, state, BASE_URL, apiCall, checkA11y, screenshots });

  await step('chat: a message reaches the other partner live', async () => {
    await pageA.getByRole('link', { name: 'Discussion' }).click();
    await pageB.goto(`${BASE_URL}/projects/${state.projectId}/chat`);
    await pageB.getByText('En direct').waitFor({ timeout: 10000 });
    await pageA.getByLabel('Message').fill('Bonjour la Régie !');
    await pageA.getByRole('button', { name: 'Envoyer' }).click();
    await pageB.getByText('Bonjour la Régie !').waitFor({ timeout: 5000 });
    await checkA11y(pageB, 'chat');
    await screenshots(pageB, 'chat');
  });

  await step('activity feed lists the changes', async () => {
    await pageA.getByRole('link', { name: 'Fil d’activité' }).click();
    await pageA.locator('.feed__item').first().waitFor();
    await screenshots(pageA, 'activity');
  });

  await notificationSteps({ step, pageA, state, BASE_URL, apiCall, checkA11y, screenshots });
  await resourceSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots });
  // events book the hall published by the resource steps, and expect a project with no event yet
  await eventSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots, apiCall });
  await contributionSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots });
  await decisionSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots });
  await openDoorsSteps({ step, page: pageB, state, run, BASE_URL, checkA11y, screenshots });
  await fixesSteps({ step, pageA, pageB, state, BASE_URL, screenshots });

  await step('lost access: the removed partner is sent to the lost-access page', async () => {
    await pageB.goto(`${BASE_URL}/projects/${state.projectId}/board`);
    await pageB.getByText('En direct').waitFor({ timeout: 10000 });
    await apiCall('DELETE', `/projects/${state.projectId}/partners/${state.associationB}`, undefined, state.sessionA.accessToken);
    await pageB.getByRole('heading', { name: 'Accès retiré' }).waitFor({ timeout: 5000 });
    await screenshots(pageB, 'lost-access');
  });

  await step('unknown page answers the 404 page', async () => {
    await pageA.goto(`${BASE_URL}/nulle-part`);
    await pageA.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    await checkA11y(pageA, 'not-found');
  });

  await step('account: English can be chosen', async () => {
    await pageA.goto(`${BASE_URL}/account`);
    await pageA.getByLabel('Langue').selectOption('en');
    await pageA.getByRole('button', { name: 'Enregistrer' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await checkA11y(pageA, 'account-en');
    await screenshots(pageA, 'account-en');
  });

  await resourceStepsInEnglish({ step, pageA, state, BASE_URL, checkA11y, screenshots });

  await step('sign out, then sign in through the form', async () => {
    await pageA.getByRole('button', { name: 'Sign out' }).click();
    await pageA.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkA11y(pageA, 'sign-in');
    await screenshots(pageA, 'sign-in');
    await pageA.getByLabel('Email address').fill(emailA);
    await pageA.getByLabel('Password').fill('un mot de passe solide 2026');
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    await pageA.getByRole('heading', { name: 'My joint projects' }).waitFor();
  });

  await passwordResetSteps({ step, browser, BASE_URL, checkA11y, screenshots });

  await step('no uncaught page errors', async () => {
    if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
  });

  await browser.close();

  if (axeFindings.length) {
    console.log('\naxe findings (all impacts):');
    for (const finding of axeFindings) console.log(`  ${finding}`);
  }
  const failed = results.filter((result) => !result.ok);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed. Screenshots in ${OUTPUT}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
