import { checkBothWidths } from './browser.mjs';
// Browser steps for "Locaux et matériel" (issue 11): association A publishes a hall and a projector,
// association B (the partner, in its own phone-sized context) requests the hall, A approves from the
// inbox, B's second request on the same slot is explained as a conflict, a weekly series skips the
// date in the way, and the projector is handed over then taken back as "worn". axe runs on every new
// screen at 360 and 1280 px; screenshots go to client/test-output/.

/** yyyy-mm-dd of the Paris day `days` after today. */
function parisDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86400000),
  );
}

export async function resourceSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots }) {
  const hall = `Salle des fêtes ${run}`;
  const projector = `Vidéoprojecteur ${run}`;
  const day = parisDay(8);

  /** The value an input gets once React has applied the state a click set (effects run after the click). */
  async function inputValueSoon(input, suffix) {
    let value = '';
    for (let attempt = 0; attempt < 30; attempt++) {
      value = await input.inputValue();
      if (value.endsWith(suffix)) break;
      await input.page().waitForTimeout(100);
    }
    return value;
  }

  async function pageFitsWidth(page, label) {
    const original = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(100);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize(original);
    if (width > 360) throw new Error(`${label} is ${width} px wide at 360 px`);
  }

  await step('resources: the catalogue is reachable from the top navigation', async () => {
    await pageA.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Locaux et matériel' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Locaux et matériel' }).waitFor();
    await pageA.getByText('Aucun local ni matériel à votre portée').waitFor();
    await checkBothWidths(pageA, 'resources-empty', checkA11y);
    await screenshots(pageA, 'resources-empty');
  });

  await step('resources: A publishes a hall that needs approval', async () => {
    await pageA.getByRole('link', { name: 'Publier un local ou du matériel' }).first().click();
    await pageA.getByRole('heading', { level: 1, name: 'Publier un local ou du matériel' }).waitFor();
    await pageA.getByLabel('Nom', { exact: true }).fill(hall);
    await pageA.getByLabel('Description').fill('Grande salle au rez-de-chaussée, cuisine attenante.');
    await pageA.getByLabel('Capacité (personnes)').fill('80');
    await pageA.getByLabel('Adresse', { exact: true }).fill('12 rue Francis de Pressensé, 69100 Villeurbanne');
    await pageA.getByLabel('Règlement').fill('- Rendre la salle balayée\n- Pas de bruit après 22 h');
    await pageA.getByLabel('Nos partenaires d’actions communes').check();
    const approval = pageA.getByLabel('Chaque demande doit être approuvée par un administrateur de l’association');
    if (!(await approval.isChecked())) throw new Error('approval should be asked by default');
    await pageA.getByRole('button', { name: 'Ajouter un créneau' }).click();
    await pageA.getByRole('button', { name: 'Retirer le créneau du lundi' }).waitFor();
    await checkBothWidths(pageA, 'resource-form', checkA11y);
    await screenshots(pageA, 'resource-form');
    await pageFitsWidth(pageA, 'the resource form');
    await pageA.getByRole('button', { name: 'Retirer le créneau du lundi' }).click();
    await pageA.getByRole('button', { name: 'Publier', exact: true }).click();
    await pageA.getByRole('heading', { level: 1, name: hall }).waitFor();
    state.hallId = pageA.url().split('/resources/')[1];
  });

  await step('resources: B finds the hall in the catalogue and requests it', async () => {
    await pageB.goto(`${BASE_URL}/resources`);
    await pageB.getByRole('link', { name: hall }).waitFor();
    await pageB.getByLabel('Libre du').fill(`${day}T18:00`);
    await pageB.getByLabel('au', { exact: true }).fill(`${day}T20:00`);
    await pageB.getByText('Libre sur toute la période').first().waitFor();
    await checkBothWidths(pageB, 'resources-catalogue', checkA11y);
    await screenshots(pageB, 'resources-catalogue');
    await pageFitsWidth(pageB, 'the catalogue');
    await pageB.getByRole('link', { name: hall }).click();
    await pageB.getByRole('heading', { level: 1, name: hall }).waitFor();
    await pageB.getByLabel('Début').fill(`${day}T18:00`);
    await pageB.getByLabel('Fin', { exact: true }).fill(`${day}T20:00`);
    await pageB.getByLabel('Message pour l’association propriétaire').fill('Pour la projection du ciné-débat.');
    await pageB.getByRole('button', { name: 'Envoyer la demande' }).click();
    await pageB.getByText('Demande envoyée').waitFor();
    await checkBothWidths(pageB, 'resource-page', checkA11y);
    await screenshots(pageB, 'resource-page');
    await pageFitsWidth(pageB, 'the resource page');
  });

  await step('bookings: A approves the request from the inbox', async () => {
    await pageA.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Réservations' }).click();
    await pageA.getByRole('link', { name: 'À traiter' }).click();
    const card = pageA.locator('.booking-card', { hasText: hall });
    await pageA.getByRole('heading', { name: /^À approuver/ }).waitFor();
    await card.getByText('Pour la projection du ciné-débat.').waitFor();
    await checkBothWidths(pageA, 'bookings-inbox', checkA11y);
    await screenshots(pageA, 'bookings-inbox');
    await pageFitsWidth(pageA, 'the inbox');
    await card.getByRole('button', { name: 'Approuver' }).click();
    await pageA.getByText('Demande approuvée.').waitFor();
    await pageA.getByRole('heading', { name: /^Approuvées, à remettre/ }).waitFor();
  });

  await step('bookings: B sees the request approved in "Mes demandes"', async () => {
    await pageB.goto(`${BASE_URL}/bookings`);
    const card = pageB.locator('.booking-card', { hasText: hall });
    await card.getByText('Approuvée', { exact: true }).waitFor();
    await checkBothWidths(pageB, 'bookings-mine', checkA11y);
    await screenshots(pageB, 'bookings-mine');
    await pageFitsWidth(pageB, 'my requests');
  });

  await step('bookings: a second request on the same slot is explained in plain French', async () => {
    await pageB.goto(`${BASE_URL}/resources/${state.hallId}`);
    await pageB.getByLabel('Début').fill(`${day}T19:00`);
    await pageB.getByLabel('Fin', { exact: true }).fill(`${day}T21:00`);
    await pageB.getByRole('button', { name: 'Envoyer la demande' }).click();
    const alert = pageB.locator('.conflict');
    await alert.getByText('Ce créneau n’est pas libre : une réservation occupe déjà ce moment.').waitFor();
    await alert.getByText(/18:00 – 20:00 — réservation approuvée/).waitFor();
    await alert.getByRole('button', { name: /20:00 – 22:00/ }).waitFor();
    await checkBothWidths(pageB, 'booking-conflict', checkA11y);
    await screenshots(pageB, 'booking-conflict');
    await alert.getByRole('button', { name: /20:00 – 22:00/ }).click();
    if (!(await inputValueSoon(pageB.getByLabel('Début'), 'T20:00')).endsWith('T20:00')) throw new Error('the suggestion should fill the start');
  });

  await step('bookings: a weekly series shows the date in the way, then books the others', async () => {
    await pageB.getByLabel('Début').fill(`${parisDay(1)}T18:00`);
    await pageB.getByLabel('Fin', { exact: true }).fill(`${parisDay(1)}T20:00`);
    await pageB.getByLabel('Répéter chaque semaine').check();
    await pageB.getByLabel('Jusqu’au (inclus)').fill(parisDay(15));
    await pageB.getByRole('button', { name: 'Envoyer la demande' }).click();
    await pageB.getByText('Une date de la série n’est pas libre :').waitFor();
    await screenshots(pageB, 'booking-series-conflict');
    await pageB.getByRole('button', { name: 'Réserver les autres dates' }).click();
    await pageB.getByText('2 dates réservées ou demandées.').waitFor();
    await pageB.getByText('1 date sautée parce qu’elle n’était pas libre.').waitFor();
  });

  await step('resources: the hall’s week shows the approved booking', async () => {
    await pageA.goto(`${BASE_URL}/resources/${state.hallId}`);
    await pageA.getByRole('heading', { level: 1, name: hall }).waitFor();
    // the approved booking is 8 days ahead: next week, or the one after
    await pageA.getByRole('button', { name: 'Semaine suivante' }).click();
    const slot = pageA.locator('.week-grid__item', { hasText: 'Approuvée' });
    if (!(await slot.count())) await pageA.getByRole('button', { name: 'Semaine suivante' }).click();
    await slot.first().waitFor();
    // a tap on a free half hour fills the form (08:00 is the first row of the grid)
    await pageA
      .locator('.week-grid__day')
      .nth(2)
      .locator('.week-grid__lines')
      .click({ position: { x: 10, y: 5 } });
    const picked = await inputValueSoon(pageA.getByLabel('Début'), 'T08:00');
    if (!picked.endsWith('T08:00')) throw new Error(`picking a slot filled "${picked}"`);
    if (!(await pageA.getByLabel('Fin', { exact: true }).inputValue()).endsWith('T09:00')) throw new Error('picking a slot should fill one hour');
    await checkBothWidths(pageA, 'resource-week', checkA11y);
    await screenshots(pageA, 'resource-week');
    await pageFitsWidth(pageA, 'the week calendar');
  });

  await step('resources: the owner edits the hall (capacity) from its page', async () => {
    await pageA.getByRole('link', { name: 'Modifier la fiche' }).click();
    await pageA.getByRole('heading', { level: 1, name: `Modifier « ${hall} »` }).waitFor();
    await pageA.getByLabel('Capacité (personnes)').fill('90');
    await checkBothWidths(pageA, 'resource-edit', checkA11y);
    await screenshots(pageA, 'resource-edit');
    await pageFitsWidth(pageA, 'the edit form');
    await pageA.getByRole('button', { name: 'Enregistrer' }).click();
    await pageA.getByRole('heading', { level: 1, name: hall }).waitFor();
    await pageA.getByText('90 personnes').waitFor();
  });

  await step('loans: A publishes a projector, B books it, A hands it over and takes it back worn', async () => {
    await pageA.goto(`${BASE_URL}/resources/new`);
    await pageA.getByLabel('Type').selectOption('equipment');
    await pageA.getByLabel('Nom', { exact: true }).fill(projector);
    await pageA.getByLabel('Lieu de rangement').fill('Placard du local associatif, étagère du haut');
    await pageA.getByLabel('Chaque demande doit être approuvée par un administrateur de l’association').uncheck();
    await pageA.getByRole('button', { name: 'Publier', exact: true }).click();
    await pageA.getByRole('heading', { level: 1, name: projector }).waitFor();
    const projectorId = pageA.url().split('/resources/')[1];

    await pageB.goto(`${BASE_URL}/resources/${projectorId}`);
    await pageB.getByLabel('Début').fill(`${parisDay(2)}T10:00`);
    await pageB.getByLabel('Fin', { exact: true }).fill(`${parisDay(2)}T12:00`);
    await pageB.getByRole('button', { name: 'Réserver', exact: true }).click();
    await pageB.getByText('C’est réservé.').waitFor();

    await pageA.goto(`${BASE_URL}/bookings/inbox`);
    const card = pageA.locator('.booking-card', { hasText: projector });
    await card.getByRole('button', { name: 'Remettre' }).click();
    await pageA.getByText('Remise enregistrée.').waitFor();
    await card.getByRole('button', { name: 'Reprendre' }).click();
    await card.getByLabel('État au retour').selectOption('worn');
    await card.getByLabel('Remarque').fill('Une rayure sur le boîtier.');
    await checkBothWidths(pageA, 'bookings-return', checkA11y);
    await screenshots(pageA, 'bookings-return');
    await card.getByRole('button', { name: 'Enregistrer le retour' }).click();
    await pageA.getByText('Retour enregistré.').waitFor();

    await pageB.goto(`${BASE_URL}/bookings`);
    const mine = pageB.locator('.booking-card', { hasText: projector });
    await mine.getByText(/Rendu le .* — Usé/).waitFor();
    await mine.getByText('Remarque : Une rayure sur le boîtier.').waitFor();
    await screenshots(pageB, 'bookings-returned');
  });
}

/** Once A reads the app in English: the same screens, in English, still readable at 360 px. */
export async function resourceStepsInEnglish({ step, pageA, state, BASE_URL, checkA11y, screenshots }) {
  await step('resources and bookings read in English', async () => {
    await pageA.goto(`${BASE_URL}/resources/${state.hallId}`);
    await pageA.getByRole('heading', { level: 2, name: 'Book' }).waitFor();
    await pageA.getByText('Bookable at any time.').waitFor();
    await checkA11y(pageA, 'resource-page-en');
    await screenshots(pageA, 'resource-page-en');
    await pageA.goto(`${BASE_URL}/bookings/inbox`);
    await pageA.getByRole('heading', { name: /^Approved, to hand over/ }).waitFor();
    await checkA11y(pageA, 'bookings-inbox-en');
    await screenshots(pageA, 'bookings-inbox-en');
  });
}
