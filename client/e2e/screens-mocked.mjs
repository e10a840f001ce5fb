// Every screen rendered against a mocked API (no backend needed): axe-core checks, screenshots at
// 360 and 1280 px, and the board's keyboard move and the 409 rollback checked on the wire.
// Needs the built client served with the /api proxy, e.g. `npx vite preview` (BASE_URL, default
// http://localhost:4173). Realtime is refused, so screens show the "connecting" state.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { axeViolations, launchChromium, printFailure, screenshotsAtWidths, targetsOf } from './browser.mjs';

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:4173').replace(/\/$/, '');
const OUTPUT = fileURLToPath(new URL('../test-output/mocked/', import.meta.url));
mkdirSync(OUTPUT, { recursive: true });

const now = '2026-05-12T08:30:00.000Z';
const user = { id: 'u1', email: 'amina@example.org', displayName: 'Amina Diallo', locale: 'fr' };
const associations = {
  a1: {
    id: 'a1',
    name: 'Cinéma du Parc',
    city: 'Villeurbanne',
    neighbourhood: 'Saint-Jean',
    description: 'Cinéma associatif de quartier.',
    contactEmail: 'contact@cinema.example',
    myRole: 'admin',
  },
  a2: { id: 'a2', name: 'Régie de quartier Est', city: 'Villeurbanne', description: 'Prêt de matériel et de véhicules.' },
  a3: { id: 'a3', name: 'Ligue des droits — section locale', city: 'Lyon' },
};
const partners = [
  { associationId: 'a1', status: 'active', associationName: 'Cinéma du Parc' },
  { associationId: 'a2', status: 'active', associationName: 'Régie de quartier Est' },
  { associationId: 'a3', status: 'invited', associationName: 'Ligue des droits — section locale', message: 'Rejoignez-nous pour le débat !' },
];
const project = {
  id: 'p1',
  title: 'Ciné-débat « Habiter le quartier »',
  description: 'Une projection suivie d’un débat avec les habitants.',
  coordinatorAssociationId: 'a1',
  status: 'active',
  startDate: '2026-05-01T12:00:00.000Z',
  endDate: '2026-06-30T12:00:00.000Z',
  partners,
};
const invitedProject = {
  id: 'p2',
  title: 'Fête du sport',
  coordinatorAssociationId: 'a2',
  status: 'draft',
  partners: [
    { associationId: 'a2', status: 'active', associationName: 'Régie de quartier Est' },
    { associationId: 'a1', status: 'invited', associationName: 'Cinéma du Parc', message: 'Votre salle nous serait précieuse.' },
  ],
};
const charter = {
  version: 2,
  text: 'Charte de coopération\n\n1. Chaque association garde son autonomie et son identité.\n2. Transparence sur les moyens engagés.\n3. Juste reconnaissance et visibilité de chacun.\n4. Décisions partagées.\n5. En cas de désaccord : médiation par un tiers choisi ensemble.',
  updatedAt: now,
  signatures: [
    { associationId: 'a1', version: 1, signedBy: 'u1', signedAt: '2026-05-01T09:00:00.000Z' },
    { associationId: 'a1', version: 2, signedBy: 'u1', signedAt: '2026-05-10T09:00:00.000Z' },
    { associationId: 'a2', version: 1, signedBy: 'u2', signedAt: '2026-05-02T09:00:00.000Z' },
  ],
};
let tasks = [
  {
    id: 't1',
    projectId: 'p1',
    title: 'Réserver la salle',
    description: 'Salle polyvalente, samedi soir.',
    status: 'todo',
    position: 1,
    version: 1,
    assigneeAssociationId: 'a1',
    assigneeUserIds: ['u1'],
    dueDate: '2026-05-20T12:00:00.000Z',
    checklist: [
      { id: 'c1', text: 'Appeler la mairie', done: true },
      { id: 'c2', text: 'Signer la convention', done: false },
    ],
  },
  {
    id: 't2',
    projectId: 'p1',
    title: 'Prêter le vidéoprojecteur',
    status: 'todo',
    position: 2,
    version: 3,
    assigneeAssociationId: 'a2',
    assigneeUserIds: ['u2'],
    checklist: [],
  },
  {
    id: 't3',
    projectId: 'p1',
    title: 'Imprimer les affiches',
    status: 'in_progress',
    position: 1,
    version: 1,
    assigneeAssociationId: 'a1',
    assigneeUserIds: [],
    checklist: [],
  },
  {
    id: 't4',
    projectId: 'p1',
    title: 'Trouver un intervenant',
    status: 'blocked',
    position: 1,
    version: 1,
    assigneeAssociationId: null,
    assigneeUserIds: [],
    checklist: [],
  },
  {
    id: 't5',
    projectId: 'p1',
    title: 'Choisir le film',
    status: 'done',
    position: 1,
    version: 2,
    assigneeAssociationId: 'a1',
    assigneeUserIds: ['u1'],
    checklist: [],
  },
];
const members = {
  a1: [
    { userId: 'u1', role: 'admin', displayName: 'Amina Diallo' },
    { userId: 'u3', role: 'member', displayName: 'Lucas Martin' },
  ],
  a2: [{ userId: 'u2', role: 'admin', displayName: 'Karim Benali' }],
};
const activity = [
  { projectId: 'p1', seq: 1, type: 'charter.signed', actorId: 'u1', at: '2026-05-01T09:00:00.000Z', data: {} },
  {
    projectId: 'p1',
    seq: 2,
    type: 'partner.joined',
    actorId: 'u2',
    at: '2026-05-02T09:00:00.000Z',
    data: { partner: { associationId: 'a2', associationName: 'Régie de quartier Est' } },
  },
  { projectId: 'p1', seq: 3, type: 'task.created', actorId: 'u1', at: '2026-05-03T09:00:00.000Z', data: { task: { title: 'Réserver la salle' } } },
  { projectId: 'p1', seq: 4, type: 'task.moved', actorId: 'u2', at: '2026-05-04T09:00:00.000Z', data: { task: { title: 'Choisir le film' } } },
];
const messages = [
  {
    id: 'm1',
    projectId: 'p1',
    authorId: 'u2',
    authorName: 'Karim Benali',
    body: 'Bonjour à tous ! Le vidéoprojecteur est réservé.',
    clientMessageId: 'x1',
    createdAt: '2026-05-11T17:02:00.000Z',
  },
  {
    id: 'm2',
    projectId: 'p1',
    authorId: 'u1',
    authorName: 'Amina Diallo',
    body: 'Merci Karim, parfait.',
    clientMessageId: 'x2',
    createdAt: '2026-05-11T17:05:00.000Z',
  },
];
const page = (items) => ({ items, nextCursor: null });
// project p9: a board of 5,000 tasks, to check the tab stays responsive
const bigProject = { ...project, id: 'p9', title: 'Grand chantier' };
const bigBoard = Array.from({ length: 5000 }, (_, index) => ({
  ...tasks[index % tasks.length],
  id: `b${index}`,
  projectId: 'p9',
  title: `Tâche n° ${index}`,
  status: ['todo', 'in_progress', 'blocked', 'done'][index % 4],
  position: index,
}));
/** GET /projects/:id/board: the tasks stored by field (see BoardView in packages/contract). */
const board = (items, projectId = 'p1') => ({
  projectId,
  count: items.length,
  tasks: Object.fromEntries(
    [...new Set(items.flatMap((task) => Object.keys(task)))].filter((field) => field !== 'projectId').map((field) => [field, items.map((task) => task[field])]),
  ),
});
const wire = [];

function answer(method, path, body) {
  const routes = [
    ['GET', /^\/api\/me$/, () => [200, { ...user, calendarFeedUrl: null }]],
    ['PATCH', /^\/api\/me$/, () => [200, { ...user, ...body }]],
    ['GET', /^\/api\/associations\/mine$/, () => [200, page([associations.a1])]],
    ['GET', /^\/api\/associations$/, () => [200, page(Object.values(associations))]],
    ['GET', /^\/api\/associations\/(\w+)\/members$/, ([, id]) => (members[id] ? [200, page(members[id])] : [404, { status: 404 }])],
    ['GET', /^\/api\/associations\/(\w+)$/, ([, id]) => [200, associations[id]]],
    ['POST', /^\/api\/associations\/(\w+)\/invitations$/, () => [201, { token: 'tok123', expiresAt: '2026-05-19T08:30:00.000Z' }]],
    ['GET', /^\/api\/projects$/, () => [200, page([project, invitedProject])]],
    ['GET', /^\/api\/projects\/p9$/, () => [200, bigProject]],
    ['GET', /^\/api\/projects\/p9\/partners$/, () => [200, page(partners)]],
    ['GET', /^\/api\/projects\/p9\/tasks$/, () => [200, page(bigBoard)]],
    ['GET', /^\/api\/projects\/p9\/board$/, () => [200, board(bigBoard, 'p9')]],
    ['GET', /^\/api\/projects\/p9\/activity$/, () => [200, { items: [], lastSeq: 0, nextCursor: null }]],
    ['GET', /^\/api\/projects\/p1$/, () => [200, project]],
    ['GET', /^\/api\/projects\/p2$/, () => [200, invitedProject]],
    ['GET', /^\/api\/projects\/p1\/partners$/, () => [200, page(partners)]],
    ['GET', /^\/api\/projects\/p\d\/charter$/, () => [200, charter]],
    ['GET', /^\/api\/projects\/p1\/tasks$/, () => [200, page(tasks)]],
    ['GET', /^\/api\/projects\/p1\/board$/, () => [200, board(tasks)]],
    ['GET', /^\/api\/projects\/p1\/activity$/, () => [200, { items: activity, lastSeq: 4, nextCursor: null }]],
    ['GET', /^\/api\/projects\/p1\/messages$/, () => [200, page(messages)]],
    [
      'GET',
      /^\/api\/tasks\/t\d\/comments$/,
      () => [200, page([{ id: 'k1', taskId: 't1', authorId: 'u2', body: 'La mairie a confirmé par téléphone.', createdAt: now }])],
    ],
    [
      'POST',
      /^\/api\/tasks\/(t\d)\/move$/,
      ([, id]) => {
        const task = tasks.find((candidate) => candidate.id === id);
        const moved = { ...task, status: body.status, position: 99, version: task.version + 1 };
        tasks = tasks.map((candidate) => (candidate.id === id ? moved : candidate));
        return [200, moved];
      },
    ],
    [
      'PATCH',
      /^\/api\/tasks\/(t\d)$/,
      ([, id]) => {
        const task = tasks.find((candidate) => candidate.id === id);
        const current = { ...task, title: `${task.title} (modifiée par Karim)`, version: task.version + 1 };
        return [409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'The task changed', current }];
      },
    ],
  ];
  for (const [verb, pattern, handler] of routes) {
    const match = method === verb && pattern.exec(path);
    if (match) return handler(match);
  }
  return [404, { type: 'about:blank', title: 'Not Found', status: 404, detail: `no mock for ${method} ${path}` }];
}

const results = [];
async function step(name, body) {
  try {
    await body();
    results.push(true);
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push(false);
    await p.screenshot({ path: `${OUTPUT}failure-${name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => {});
    printFailure(name, error, 4);
  }
}

async function checkA11y(p, label) {
  const { violations, blocking } = await axeViolations(p);
  for (const violation of violations) console.log(`    axe ${label}: [${violation.impact}] ${violation.id} — ${targetsOf(violation)}`);
  if (blocking.length) throw new Error(`axe: ${blocking.map((violation) => violation.id).join(', ')}`);
}

async function shoot(p, name) {
  await screenshotsAtWidths(p, `${OUTPUT}${name}`, 100);
}

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
context.setDefaultTimeout(8000);
await context.route('**/socket.io/**', (route) => route.abort());
await context.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
await context.route('**/api/**', async (route) => {
  const request = route.request();
  const url = new URL(request.url());
  const body = request.postData() ? JSON.parse(request.postData()) : undefined;
  wire.push({ method: request.method(), path: url.pathname, body });
  const [status, json] = answer(request.method(), url.pathname, body);
  await route.fulfill({ status, contentType: status >= 400 ? 'application/problem+json' : 'application/json', body: JSON.stringify(json) });
});
await context.addInitScript((session) => localStorage.setItem('maillage.session', JSON.stringify(session)), { accessToken: 'A', refreshToken: 'R', user });
const p = await context.newPage();
const pageErrors = [];
p.on('pageerror', (error) => pageErrors.push(String(error)));

const screens = [
  ['projects', '/projects', 'Mes actions communes'],
  ['associations', '/associations', 'Mes associations'],
  ['association', '/associations/a1', 'Cinéma du Parc'],
  ['directory', '/directory', 'Annuaire des associations'],
  ['account', '/account', 'Mon compte'],
  ['project-invitation', '/projects/p2/invitation', 'Invitation : Fête du sport'],
  ['overview', '/projects/p1', 'Ciné-débat « Habiter le quartier »'],
  ['board', '/projects/p1/board', 'Tableau des tâches'],
  ['task', '/projects/p1/tasks/t1', 'Réserver la salle'],
  ['partners', '/projects/p1/partners', 'Partenaires et charte'],
  ['activity', '/projects/p1/activity', 'Fil d’activité'],
  ['chat', '/projects/p1/chat', 'Discussion'],
  ['lost-access', '/lost-access', 'Accès retiré'],
  ['not-found', '/nulle-part', 'Page introuvable'],
];
console.log(`Mocked screens against ${BASE_URL}`);
for (const [name, path, heading] of screens) {
  await step(`${name}: renders, passes axe, screenshots`, async () => {
    await p.goto(`${BASE_URL}${path}`);
    await p.getByRole('heading', { level: 1, name: heading }).waitFor();
    await p.waitForTimeout(200);
    await checkA11y(p, name);
    await shoot(p, name);
  });
}

await step('board: the keyboard alternative sends POST /tasks/:id/move {status, afterTaskId}', async () => {
  await p.goto(`${BASE_URL}/projects/p1/board`);
  await p.getByRole('button', { name: 'Actions pour « Réserver la salle »' }).click();
  await p.getByRole('menu').getByRole('menuitem', { name: 'Terminée' }).click();
  await p.waitForTimeout(300);
  const move = wire.filter((call) => call.path === '/api/tasks/t1/move').at(-1);
  if (!move || move.body.status !== 'done' || move.body.afterTaskId !== 't5') throw new Error(`move sent ${JSON.stringify(move)}`);
  // the last card of its column offers no "Descendre"
  await p.getByRole('button', { name: 'Actions pour « Prêter le vidéoprojecteur »' }).click();
  if (await p.getByRole('menuitem', { name: 'Descendre' }).count()) throw new Error('the last card can move down');
  await p.keyboard.press('Escape');
});

await step('board: the card menu and the 360 px menus, open', async () => {
  await p.goto(`${BASE_URL}/projects/p1/board`);
  for (const width of [360, 1280]) {
    await p.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await p.getByRole('button', { name: 'Actions pour « Prêter le vidéoprojecteur »' }).click();
    await p.getByRole('menu').waitFor();
    await checkA11y(p, `card-menu-${width}`);
    await p.screenshot({ path: `${OUTPUT}board-card-menu-${width}.png` });
    await p.keyboard.press('Escape');
  }
  await p.setViewportSize({ width: 360, height: 780 });
  for (const [nav, name] of [
    ['Navigation principale', 'nav-menu'],
    ['Rubriques de l’action commune', 'tabs-menu'],
  ]) {
    await p.getByRole('navigation', { name: nav }).locator('button[aria-expanded]').click();
    await checkA11y(p, name);
    await p.screenshot({ path: `${OUTPUT}${name}-open-360.png` });
    await p.keyboard.press('Escape');
  }
  await p.setViewportSize({ width: 1280, height: 900 });
});

await step('board: 5,000 tasks render a few screenfuls, and the tab stays responsive', async () => {
  const started = Date.now();
  await p.goto(`${BASE_URL}/projects/p9/board`);
  await p.getByRole('link', { name: 'Tâche n° 0', exact: true }).waitFor();
  const shown = Date.now() - started;
  const cards = await p.locator('li.task-card').count();
  if (cards !== 4 * 60) throw new Error(`${cards} cards rendered at first`);
  // a long task would hold this up: the page must answer within a frame or two
  const lag = await p.evaluate(
    () =>
      new Promise((resolve) => {
        const asked = performance.now();
        setTimeout(() => resolve(performance.now() - asked), 0);
      }),
  );
  await p
    .getByRole('region', { name: /^À faire/ })
    .getByRole('button', { name: /^Afficher 60 de plus/ })
    .click();
  await p.getByRole('link', { name: 'Tâche n° 476', exact: true }).waitFor();
  console.log(`    5,000 tasks: first cards after ${shown} ms (page load included), event loop lag ${Math.round(lag)} ms`);
  if (lag > 200) throw new Error(`the tab lags ${lag} ms`);
});

await step('task: a 409 shows the server current version', async () => {
  await p.goto(`${BASE_URL}/projects/p1/tasks/t2`);
  await p.getByLabel('Titre', { exact: true }).fill('Mon titre');
  await p.getByRole('button', { name: 'Enregistrer' }).click();
  await p.getByText('Quelqu’un a modifié cette tâche').waitFor();
  const shown = await p.getByLabel('Titre', { exact: true }).inputValue();
  if (shown !== 'Prêter le vidéoprojecteur (modifiée par Karim)') throw new Error(`form shows ${shown}`);
  const patch = wire.filter((call) => call.method === 'PATCH').at(-1);
  if (patch.body.version !== 3) throw new Error(`PATCH sent version ${patch.body.version}`);
  await shoot(p, 'task-conflict');
});

await step('keyboard: the skip link comes first and the focus is visible', async () => {
  await p.goto(`${BASE_URL}/projects`);
  await p.getByRole('heading', { level: 1 }).waitFor();
  await p.keyboard.press('Tab');
  const focused = await p.evaluate(() => document.activeElement?.textContent);
  if (focused !== 'Aller au contenu') throw new Error(`first Tab focuses "${focused}"`);
});

await step('no uncaught page errors', async () => {
  if (pageErrors.length) throw new Error(pageErrors.join('\n'));
});

await browser.close();
const failed = results.filter((ok) => !ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed. Screenshots in ${OUTPUT}`);
process.exit(failed ? 1 : 0);
