// Browser steps for the phone layout and the board's keyboard use (issue 11, items 6.5, 6.6 and 7):
// at 360 px nothing of the top navigation or the project tabs is cut (a menu lists what does not
// fit), a long e-mail, the signatures and the overview's values stay inside the page; on the board a
// keyboard user moves a card through its menu, only on an explicit choice, and keeps the focus on it.

const NARROW = { width: 360, height: 780 };

/** Runs `body` with the page at 360 px, then gives the page its own size back. */
async function atNarrowWidth(page, body) {
  const original = page.viewportSize();
  await page.setViewportSize(NARROW);
  await page.waitForTimeout(150);
  try {
    return await body();
  } finally {
    await page.setViewportSize(original);
  }
}

async function pageFits(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > NARROW.width) throw new Error(`${label}: the page is ${width} px wide at 360 px`);
}

/**
 * The entries of a navigation that the reader can see, and those cut: an entry is cut when part of it
 * lies outside the viewport or outside an ancestor that clips its overflow.
 */
async function navEntries(nav) {
  return nav.evaluate((root) => {
    const entries = [...root.querySelectorAll('a, button')].filter((element) => !element.closest('[hidden]'));
    const seen = [];
    const cut = [];
    for (const element of entries) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const label = element.textContent.trim() || element.getAttribute('aria-label');
      seen.push(label);
      let clipped = rect.left < 0 || rect.right > document.documentElement.clientWidth + 0.5;
      for (let parent = element.parentElement; parent && !clipped; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const box = parent.getBoundingClientRect();
        clipped = rect.left < box.left - 0.5 || rect.right > box.right + 0.5;
      }
      if (clipped) cut.push(label);
    }
    return { seen, cut };
  });
}

/** Every entry of `nav` is readable at 360 px, directly or once its menu button is opened. */
async function everyEntryReachable(page, nav, expected, label) {
  const closed = await navEntries(nav);
  if (closed.cut.length) throw new Error(`${label}: entries cut at 360 px: ${closed.cut.join(', ')}`);
  const missing = expected.filter((name) => !closed.seen.includes(name));
  if (!missing.length) return;
  const toggle = nav.locator('button[aria-expanded]').first();
  if (!(await toggle.count())) throw new Error(`${label}: ${missing.join(', ')} hidden with no menu to show them`);
  await toggle.click();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') throw new Error(`${label}: the menu button does not say it is open`);
  const open = await navEntries(nav);
  if (open.cut.length) throw new Error(`${label}: entries cut in the open menu: ${open.cut.join(', ')}`);
  const stillMissing = expected.filter((name) => !open.seen.includes(name));
  if (stillMissing.length) throw new Error(`${label}: ${stillMissing.join(', ')} not in the open menu`);
}

export async function narrowLayoutSteps({ step, pageA, state, BASE_URL, apiCall, checkA11y, screenshots }) {
  await step('360 px: the top navigation and the project tabs cut no entry', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/board`);
    await pageA.getByRole('heading', { level: 1, name: 'Tableau des tâches' }).waitFor();
    await atNarrowWidth(pageA, async () => {
      const main = pageA.getByRole('navigation', { name: 'Navigation principale' });
      await everyEntryReachable(
        pageA,
        main,
        ['Actions communes', 'Mes associations', 'Locaux et matériel', 'Réservations', 'Annuaire', 'Mon compte', 'Se déconnecter'],
        'top navigation',
      );
      // the menu closes with Escape and gives the focus back to its button
      await pageA.keyboard.press('Escape');
      const toggle = main.locator('button[aria-expanded]').first();
      if ((await toggle.getAttribute('aria-expanded')) !== 'false') throw new Error('Escape leaves the menu open');
      if (!(await toggle.evaluate((button) => button === document.activeElement))) throw new Error('Escape does not give the focus back to the menu button');
      await toggle.click();
      await checkA11y(pageA, 'nav-menu-open-360');
      await screenshots(pageA, 'nav-menu-open');
      await toggle.click();

      const tabs = pageA.getByRole('navigation', { name: 'Rubriques de l’action commune' });
      await everyEntryReachable(pageA, tabs, ['Vue d’ensemble', 'Tâches', 'Partenaires et charte', 'Fil d’activité', 'Discussion'], 'project tabs');
      await tabs.getByRole('link', { name: 'Partenaires et charte' }).click();
      await pageA.getByRole('heading', { level: 1, name: 'Partenaires et charte' }).waitFor();
      await pageFits(pageA, 'partners');
    });
  });

  await step('360 px: the signatures of the charter read as a list inside the page', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/partners`);
    const signatures = pageA.getByRole('region', { name: 'Signatures' });
    await signatures.waitFor();
    await atNarrowWidth(pageA, async () => {
      await pageFits(pageA, 'partners');
      const overflow = await signatures.evaluate((element) => element.scrollWidth - element.clientWidth);
      if (overflow > 0) throw new Error(`the signatures are clipped by ${overflow} px`);
      await checkA11y(pageA, 'partners-360');
    });
  });

  await step('360 px: the overview gives its values room and shows the whole status select', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}`);
    const status = pageA.getByRole('combobox', { name: /^État/ });
    await status.waitFor();
    await atNarrowWidth(pageA, async () => {
      await pageFits(pageA, 'overview');
      const widths = await pageA.locator('.facts dd').evaluateAll((values) => values.map((value) => Math.round(value.getBoundingClientRect().width)));
      if (widths.some((width) => width < 200)) throw new Error(`overview values squeezed to ${widths.join(', ')} px`);
      const select = await status.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const card = element.closest('.card').getBoundingClientRect();
        return { right: box.right, cardRight: card.right, width: box.width };
      });
      if (select.right > select.cardRight || select.width < 150) throw new Error(`status select cut: ${JSON.stringify(select)}`);
    });
  });

  await step('360 px: a long contact e-mail stays inside the association card', async () => {
    const email = 'coordination.evenements-culturels.saint-jean@cinema-du-parc-villeurbanne.example.org';
    const mine = await apiCall('GET', '/associations/mine', undefined, state.sessionA.accessToken);
    const association = mine.items.find((item) => item.name.startsWith('Cinéma du Parc'));
    await apiCall('PATCH', `/associations/${association.id}`, { contactEmail: email }, state.sessionA.accessToken);
    await pageA.goto(`${BASE_URL}/associations/${association.id}`);
    await pageA.getByRole('link', { name: email }).waitFor();
    await atNarrowWidth(pageA, async () => {
      await pageFits(pageA, 'association');
      const inside = await pageA.getByRole('link', { name: email }).evaluate((link) => {
        const card = link.closest('.card').getBoundingClientRect();
        return [...link.getClientRects()].every((rect) => rect.right <= card.right + 0.5);
      });
      if (!inside) throw new Error('the e-mail runs out of the card');
    });
    await screenshots(pageA, 'association-long-email');
  });

  // the next steps of run.mjs start from the partners page, whatever happened above
  await pageA.goto(`${BASE_URL}/projects/${state.projectId}/partners`).catch(() => {});
}

/** Keyboard moves on the board (6.6): nothing moves before an explicit choice, and the focus stays on the card. */
export async function boardKeyboardSteps({ step, pageA, state, BASE_URL, apiCall, checkA11y, screenshots }) {
  const region = (name) => pageA.getByRole('region', { name: new RegExp(`^${name}`) });

  await step('board: a card shows its people, its due day (red once past) and its checklist', async () => {
    const token = state.sessionA.accessToken;
    const yesterday = new Date(Date.now() - 86400000).toISOString();
    // the drop of the previous step may still be on its way: read the task once it has landed
    let task;
    for (let attempt = 0; attempt < 20 && task?.status !== 'done'; attempt++) {
      if (attempt) await pageA.waitForTimeout(150);
      const { items } = await apiCall('GET', `/projects/${state.projectId}/tasks`, undefined, token);
      task = items.find((item) => item.title === 'Imprimer les affiches');
    }
    await apiCall(
      'PATCH',
      `/tasks/${task.id}`,
      {
        version: task.version,
        status: 'in_progress',
        assigneeAssociationId: (await apiCall('GET', '/associations/mine', undefined, token)).items[0].id,
        assigneeUserIds: [state.sessionA.user.id],
        dueDate: yesterday,
        checklist: [
          { text: 'Choisir le visuel', done: true },
          { text: 'Commander 200 affiches', done: false },
        ],
      },
      token,
    );
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/board`);
    const card = pageA.locator('li.task-card', { hasText: 'Imprimer les affiches' });
    await card.getByText('1/2').waitFor();
    await card.locator('.chip--overdue').waitFor();
    const avatar = await card.locator('.avatar').first().textContent();
    if (avatar !== 'AD') throw new Error(`avatar shows "${avatar}"`);
    await checkA11y(pageA, 'board-cards');
    await screenshots(pageA, 'board-cards');
  });

  await step('board: ArrowDown on a closed move control does not move the task', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/board`);
    await region('En cours').getByRole('link', { name: 'Réserver la salle' }).waitFor();
    await pageA.getByRole('button', { name: 'Actions pour « Réserver la salle »' }).focus();
    await pageA.keyboard.press('ArrowDown');
    await pageA.waitForTimeout(400);
    if (!(await region('En cours').getByRole('link', { name: 'Réserver la salle' }).count())) throw new Error('ArrowDown moved the task');
    await pageA.getByRole('menu').waitFor();
    await pageA.keyboard.press('Escape');
    const focused = await pageA.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (focused !== 'Actions pour « Réserver la salle »') throw new Error(`Escape left the focus on ${focused}`);
  });

  await step('board: a keyboard move to another column keeps the focus on the moved card', async () => {
    await pageA.keyboard.press('Enter');
    await pageA.getByRole('menuitem', { name: 'Bloquée' }).focus();
    await pageA.keyboard.press('Enter');
    await region('Bloquée').getByRole('link', { name: 'Réserver la salle' }).waitFor();
    await pageA.waitForTimeout(200);
    const focus = await pageA.evaluate(() => ({
      label: document.activeElement?.getAttribute('aria-label'),
      column: document.activeElement?.closest('section')?.getAttribute('aria-labelledby'),
    }));
    if (focus.label !== 'Actions pour « Réserver la salle »' || focus.column !== 'column-blocked')
      throw new Error(`focus on ${JSON.stringify(focus)} after the move`);
    // and back, so the following steps find the board as they left it
    await pageA.keyboard.press('Enter');
    await pageA.getByRole('menuitem', { name: 'En cours' }).click();
    await region('En cours').getByRole('link', { name: 'Réserver la salle' }).waitFor();
  });
}
