import { checkBothWidths } from './browser.mjs';
// Browser steps for events, shifts and "Mon agenda" (issue 11.4): association A (the coordinator, wide
// screen) creates an event in its hall with two volunteer shifts; association B (the partner, in its
// own phone-sized context) signs up for one and A sees "1 / 2" without reloading; B's request for the
// hall shows pending, then approved live; the month calendar shows the event; B's "Mon agenda" lists
// the shift with the subscribe links, the QR code, and a new link that retires the old one. axe runs
// on every new screen at 360 and 1280 px; screenshots go to client/test-output/.

/** yyyy-mm-dd of the Paris day `days` after today. */
function parisDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86400000),
  );
}

export async function eventSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots, apiCall }) {
  const title = `Ciné plein air ${run}`;
  const hall = `Salle des fêtes ${run}`;
  const day = parisDay(9);
  const eventsUrl = () => `${BASE_URL}/projects/${state.projectId}/events`;

  async function pageFitsWidth(page, label) {
    const original = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(100);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize(original);
    if (width > 360) throw new Error(`${label} is ${width} px wide at 360 px`);
  }

  const shiftCard = (page, label) => page.locator('li.shift-card', { has: page.getByRole('heading', { name: label, exact: true }) });

  await step('events: the project has an Événements tab, empty at first', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}`);
    await pageA.getByRole('navigation', { name: 'Rubriques de l’action commune' }).getByRole('link', { name: 'Événements' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Événements' }).waitFor();
    await pageA.getByText('Aucun événement prévu pour l’instant.').waitFor();
    await checkBothWidths(pageA, 'events-empty', checkA11y);
    await screenshots(pageA, 'events-empty');
  });

  await step('events: A creates an event in its hall', async () => {
    await pageA.getByRole('link', { name: 'Nouvel événement' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Nouvel événement' }).waitFor();
    await pageA.getByLabel('Titre', { exact: true }).fill(title);
    await pageA.getByLabel('Début', { exact: true }).fill(`${day}T14:00`);
    await pageA.getByLabel('Fin', { exact: true }).fill(`${day}T17:00`);
    await pageA.getByLabel('Lieu').fill('Parc de la Feyssine, entrée nord');
    await pageA.getByLabel('Réserver un local').selectOption({ label: hall });
    await pageA.getByLabel('Description').fill('Projection en plein air, repli dans la salle en cas de pluie.');
    await checkBothWidths(pageA, 'event-form', checkA11y);
    await screenshots(pageA, 'event-form');
    await pageFitsWidth(pageA, 'the event form');
    await pageA.getByRole('button', { name: 'Créer l’événement' }).click();
    await pageA.getByRole('heading', { level: 1, name: title }).waitFor();
    state.eventId = pageA.url().split('/events/')[1];
    // the booking state, as the server gives it: A's own hall is approved at once
    const event = await apiCall('GET', `/events/${state.eventId}`, undefined, state.sessionA.accessToken);
    if (event.booking?.status !== 'approved') throw new Error(`unexpected booking ${JSON.stringify(event.booking)}`);
    await pageA.locator('.booking-state', { hasText: hall }).getByText('approuvée').waitFor();
  });

  await step('events: A adds two shifts of two volunteers', async () => {
    await pageA.getByText('Pas encore de créneau bénévole.').waitFor();
    await pageA.getByRole('button', { name: 'Ajouter un créneau' }).click();
    for (const [label, from, to] of [
      ['Accueil', '14:00', '15:30'],
      ['Rangement', '17:00', '18:00'],
    ]) {
      await pageA.getByLabel('Intitulé').fill(label);
      await pageA.getByLabel('Début', { exact: true }).fill(`${day}T${from}`);
      await pageA.getByLabel('Fin', { exact: true }).fill(`${day}T${to}`);
      await pageA.getByLabel('Bénévoles nécessaires').fill('2');
      await pageA.getByRole('button', { name: 'Ajouter le créneau' }).click();
      await shiftCard(pageA, label).getByText('0 / 2 bénévoles').waitFor();
    }
    await pageA.getByRole('button', { name: 'Annuler' }).click();
    await checkBothWidths(pageA, 'event-page', checkA11y);
    await screenshots(pageA, 'event-page');
    await pageFitsWidth(pageA, 'the event page');
  });

  await step('events: B signs up from its phone and A sees "1 / 2" without reloading', async () => {
    await pageA.getByText('En direct').waitFor({ timeout: 10000 });
    await pageB.goto(`${eventsUrl()}/${state.eventId}`);
    await pageB.getByRole('heading', { level: 1, name: title }).waitFor();
    const card = shiftCard(pageB, 'Accueil');
    await card.getByRole('button', { name: 'Je m’inscris' }).click();
    await card.getByText('Vous êtes inscrit·e.').waitFor();
    await card.getByText('1 / 2 bénévoles').waitFor();
    await card.getByText('Karim Benali (vous)').waitFor();
    await shiftCard(pageA, 'Accueil').getByText('1 / 2 bénévoles').waitFor({ timeout: 5000 });
    await shiftCard(pageA, 'Accueil')
      .getByText(/Karim Benali/)
      .waitFor();
    await checkBothWidths(pageB, 'event-page-volunteer', checkA11y);
    await screenshots(pageB, 'event-page-volunteer');
    await pageFitsWidth(pageB, 'the event page of a volunteer');
  });

  await step('events: B’s event in A’s hall shows pending, then approved live', async () => {
    await pageB.goto(`${eventsUrl()}/new`);
    await pageB.getByLabel('Titre', { exact: true }).fill(`Répétition ${run}`);
    await pageB.getByLabel('Début', { exact: true }).fill(`${parisDay(10)}T18:00`);
    await pageB.getByLabel('Fin', { exact: true }).fill(`${parisDay(10)}T20:00`);
    await pageB.getByLabel('Réserver un local').selectOption({ label: hall });
    await pageB.getByRole('button', { name: 'Créer l’événement' }).click();
    await pageB.getByRole('heading', { level: 1, name: `Répétition ${run}` }).waitFor();
    await pageB.getByText('en attente de l’accord de l’association propriétaire').waitFor();
    await pageB.getByText('En direct').waitFor({ timeout: 10000 });
    const event = await apiCall('GET', `/events/${pageB.url().split('/events/')[1]}`, undefined, state.sessionB.accessToken);
    await apiCall('POST', `/bookings/${event.booking.id}/approve`, {}, state.sessionA.accessToken);
    await pageB.locator('.booking-state').getByText('approuvée').waitFor({ timeout: 5000 });
  });

  await step('events: the list and the month calendar show the events', async () => {
    await pageA.goto(eventsUrl());
    await pageA.getByRole('heading', { level: 2, name: 'À venir' }).waitFor();
    await pageA.getByRole('link', { name: title }).waitFor();
    await checkBothWidths(pageA, 'events-list', checkA11y);
    await screenshots(pageA, 'events-list');
    await pageFitsWidth(pageA, 'the events list');
    await pageA.getByRole('button', { name: 'Calendrier' }).click();
    await pageA
      .getByRole('table')
      .getByRole('link', { name: new RegExp(title) })
      .waitFor();
    await checkBothWidths(pageA, 'events-calendar', checkA11y);
    await screenshots(pageA, 'events-calendar');
    await pageFitsWidth(pageA, 'the month calendar');
    await pageB.goto(`${eventsUrl()}?view=calendar`);
    await pageB.getByRole('link', { name: new RegExp(title) }).waitFor();
    await screenshots(pageB, 'events-calendar-phone');
  });

  await step('events: A edits the event; a shift is deleted after a confirmation', async () => {
    await pageA.goto(`${eventsUrl()}/${state.eventId}`);
    await pageA.getByRole('link', { name: 'Modifier l’événement' }).click();
    await pageA.getByRole('heading', { level: 1, name: `Modifier « ${title} »` }).waitFor();
    if ((await pageA.getByLabel('Réserver un local').inputValue()) === '') throw new Error('the edit form should show the premise');
    await pageA.getByLabel('Titre', { exact: true }).fill(`${title} (gratuit)`);
    await checkBothWidths(pageA, 'event-edit', checkA11y);
    await screenshots(pageA, 'event-edit');
    await pageA.getByRole('button', { name: 'Enregistrer' }).click();
    await pageA.getByRole('heading', { level: 1, name: `${title} (gratuit)` }).waitFor();
    // the edit kept the premise and its booking (the form must not drop what it did not change)
    await pageA.locator('.booking-state', { hasText: hall }).getByText('approuvée').waitFor();
    const before = await apiCall('GET', `/events/${state.eventId}`, undefined, state.sessionA.accessToken);
    if (before.version < 2 || before.booking?.status !== 'approved') throw new Error(`the edit changed the booking: ${JSON.stringify(before.booking)}`);
    await shiftCard(pageA, 'Rangement').getByRole('button', { name: 'Supprimer le créneau « Rangement »' }).click();
    await pageA.getByRole('group', { name: 'Supprimer ce créneau et ses inscriptions ?' }).getByRole('button', { name: 'Confirmer' }).click();
    await shiftCard(pageA, 'Rangement').waitFor({ state: 'detached' });
  });

  await step('agenda: B’s "Mon agenda" lists the shift and offers the subscribe links', async () => {
    await pageB.goto(`${BASE_URL}/agenda`);
    await pageB.getByRole('heading', { level: 1, name: 'Mon agenda' }).waitFor();
    await pageB.getByRole('link', { name: `Accueil — ${title} (gratuit)` }).waitFor();
    await pageB.getByRole('button', { name: 'Créer mon lien d’abonnement' }).click();
    const webcal = await pageB.getByRole('link', { name: 'S’abonner sur cet appareil' }).getAttribute('href');
    if (!webcal?.startsWith('webcal://') || !webcal.endsWith('.ics')) throw new Error(`subscribe link is ${webcal}`);
    const https = await pageB.getByLabel('Adresse du calendrier (https)').inputValue();
    if (!/^https?:\/\/.*\.ics$/.test(https)) throw new Error(`feed address is ${https}`);
    await pageB.getByRole('img', { name: 'Code QR du lien d’abonnement webcal' }).waitFor();
    await pageB.getByText('iPhone ou iPad').waitFor();
    await pageB.getByText('Android (Google Agenda)').waitFor();
    state.feedPath = new URL(https).pathname;
    const feed = await fetch(`${BASE_URL}${state.feedPath}`);
    if (!feed.ok || !(await feed.text()).includes(`Créneau bénévole : Accueil`)) throw new Error('the feed should list the shift');
    await checkBothWidths(pageB, 'agenda', checkA11y);
    await screenshots(pageB, 'agenda');
    await pageFitsWidth(pageB, 'my agenda');
  });

  await step('agenda: a new link retires the old one, after a warning', async () => {
    await pageB.getByText('L’ancien lien cessera aussitôt de fonctionner').waitFor();
    const before = await pageB.getByLabel('Adresse du calendrier (https)').inputValue();
    await pageB.getByRole('button', { name: 'Créer un nouveau lien' }).click();
    await pageB.getByRole('group', { name: 'Remplacer le lien ? L’ancien cessera de fonctionner.' }).getByRole('button', { name: 'Confirmer' }).click();
    await pageB.getByText('Nouveau lien créé : abonnez-vous à nouveau avec celui-ci.').waitFor();
    const after = await pageB.getByLabel('Adresse du calendrier (https)').inputValue();
    if (after === before) throw new Error('the link should have changed');
    if ((await fetch(`${BASE_URL}${state.feedPath}`)).status !== 404) throw new Error('the old feed should be gone');
    await pageA.goto(`${BASE_URL}/agenda`);
    await pageA.getByRole('heading', { level: 1, name: 'Mon agenda' }).waitFor();
    await checkBothWidths(pageA, 'agenda-wide', checkA11y);
    await screenshots(pageA, 'agenda-wide');
  });
}
