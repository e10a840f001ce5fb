import { checkBothWidths } from './browser.mjs';
// Browser steps for "Décisions" (issue 13): A proposes a decision from a chat message, both partner
// associations vote — each sees the other's voice arrive live — A closes the vote and B sees the
// outcome without reloading; the feed says it in plain French. axe runs on each new screen at 360
// and 1280 px; screenshots go to client/test-output/.

export async function decisionSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots }) {
  const title = 'Projeter le film en plein air';
  const cinema = `Cinéma du Parc ${run}`;
  const regie = `Régie de quartier ${run}`;

  const voteOf = (page, association) => page.locator('.decision-votes li', { hasText: association });

  await step('decisions: A proposes a decision from a chat message', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/chat`);
    await pageA.getByText('Bonjour la Régie !').waitFor();
    // the message's own link: other steps may have written in the chat since
    await pageA
      .locator('li', { hasText: 'Bonjour la Régie !' })
      .last()
      .getByRole('link', { name: /^Proposer une décision à partir du message de/ })
      .click();
    await pageA.getByRole('heading', { level: 1, name: 'Proposer une décision' }).waitFor();
    const prefilled = await pageA.getByLabel('La proposition').inputValue();
    if (prefilled !== 'Bonjour la Régie !') throw new Error(`the title was prefilled with "${prefilled}"`);
    await pageA.getByLabel('La proposition').fill(title);
    await pageA.getByLabel('Détails').fill('Une séance gratuite sur la place, si la météo le permet.');
    await pageA.getByRole('radio', { name: 'Oui ou non' }).check();
    await checkBothWidths(pageA, 'decision-new', checkA11y);
    await screenshots(pageA, 'decision-new');
    await pageA.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await pageA.getByRole('heading', { level: 1, name: title }).waitFor();
    state.decisionUrl = pageA.url();
  });

  await step('decisions: B sees the open vote first, with the time left and who is missing', async () => {
    await pageB.goto(`${BASE_URL}/projects/${state.projectId}/decisions`);
    const card = pageB.locator('.card', { hasText: title });
    await card.getByText(/^Fin du vote dans/).waitFor();
    await card.getByText(`N’ont pas encore voté : ${cinema}, ${regie}`).waitFor();
    await checkBothWidths(pageB, 'decisions', checkA11y);
    await screenshots(pageB, 'decisions');
    await card.getByRole('link', { name: title }).click();
    await pageB.getByRole('heading', { level: 1, name: title }).waitFor();
  });

  await step('decisions: each association votes and the other sees it live', async () => {
    await pageA
      .getByRole('region', { name: `Voter au nom de ${cinema}` })
      .getByRole('radio', { name: 'Pour' })
      .check();
    await pageA.getByRole('button', { name: 'Voter' }).click();
    await voteOf(pageB, cinema).getByText('Pour', { exact: true }).waitFor({ timeout: 5000 });
    const form = pageB.getByRole('region', { name: `Voter au nom de ${regie}` });
    await form.getByRole('radio', { name: 'Pour' }).check();
    await form.getByLabel('Commentaire').fill('La Régie prête les chaises.');
    await checkBothWidths(pageB, 'decision-vote', checkA11y);
    await screenshots(pageB, 'decision-vote');
    await form.getByRole('button', { name: 'Voter' }).click();
    await voteOf(pageA, regie).getByText('La Régie prête les chaises.').waitFor({ timeout: 5000 });
    await pageA.getByText('Toutes les associations ont voté.').waitFor();
  });

  await step('decisions: A closes the vote and B sees the outcome live', async () => {
    await pageA.getByRole('button', { name: 'Clore le vote maintenant' }).click();
    await pageA.getByRole('button', { name: 'Confirmer' }).click();
    await pageB.locator('.decision-outcome', { hasText: 'Adoptée' }).waitFor({ timeout: 5000 });
    await checkBothWidths(pageB, 'decision-closed', checkA11y);
    await screenshots(pageB, 'decision-closed');
  });

  await step('decisions: the feed says it in plain French', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/activity`);
    await pageA.getByText(`${regie} a voté pour « ${title} »`).waitFor();
    await pageA.getByText(`Décision adoptée : « ${title} »`).waitFor();
    await screenshots(pageA, 'decisions-activity');
  });
}
