import { checkBothWidths } from './browser.mjs';
// Browser steps for "Apports" (issue 12): the coordinator's admin (A) records a pledge for the partner
// (B, on its phone-sized page, sees it live), marks it delivered, sees the overview's balance of work
// and means per partner, and downloads the funders' report (CSV with its BOM and `;`, then the PDF)
// through the API client. axe runs at 360 and 1280 px; screenshots go to client/test-output/.
import { readFileSync } from 'node:fs';

export async function contributionSteps({ step, pageA, pageB, state, run, BASE_URL, checkA11y, screenshots }) {
  const partnerB = `Régie de quartier ${run}`;
  const pledge = `Tenue de la buvette ${run}`;

  const itemOf = (page, text) => page.locator('li.contribution', { hasText: text });

  await step('contributions: the Apports tab explains the volunteer rate and offers the report', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}`);
    await pageA.getByRole('navigation', { name: 'Rubriques de l’action commune' }).getByRole('link', { name: 'Apports' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Apports des partenaires' }).waitFor();
    await pageA.getByText('Les heures bénévoles sont valorisées à 12,02').waitFor();
    await pageA.getByText(/SMIC horaire brut de 2026/).waitFor();
    await pageA.getByRole('button', { name: 'Télécharger le bilan (PDF)' }).waitFor();
    await pageB.goto(`${BASE_URL}/projects/${state.projectId}/contributions`);
    await pageB.getByText('En direct').waitFor({ timeout: 10000 });
  });

  await step('contributions: the coordinator records a pledge for the partner, who sees it live', async () => {
    await pageA.getByLabel('Association qui apporte').selectOption({ label: partnerB });
    await pageA.getByLabel('Nature').selectOption('volunteer_hours');
    await pageA.getByLabel('Description', { exact: true }).fill(pledge);
    await pageA.getByLabel('Quantité').fill('4');
    await pageA.getByRole('button', { name: 'Enregistrer l’apport' }).click();
    const item = itemOf(pageA, pledge);
    await item.getByText('Promis').waitFor({ timeout: 5000 });
    await item.getByText(/4 h × 12,02\s€ de l’heure/).waitFor();
    await itemOf(pageB, pledge).waitFor({ timeout: 5000 });
    await checkBothWidths(pageA, 'contributions', checkA11y);
    await screenshots(pageA, 'contributions-pledged');
  });

  await step('contributions: the pledge is marked delivered', async () => {
    const item = itemOf(pageA, pledge);
    await item.getByRole('button', { name: 'Marquer comme réalisé' }).click();
    await item.getByText('Réalisé', { exact: true }).waitFor({ timeout: 5000 });
    await itemOf(pageB, pledge).getByText('Réalisé', { exact: true }).waitFor({ timeout: 5000 });
    await checkBothWidths(pageB, 'contributions-partner', checkA11y);
    await screenshots(pageB, 'contributions-partner');
  });

  await step('overview: each partner’s tasks, hours, value and share side by side', async () => {
    await pageA.getByRole('navigation', { name: 'Rubriques de l’action commune' }).getByRole('link', { name: 'Vue d’ensemble' }).click();
    const balance = pageA.getByRole('region', { name: 'Qui porte quoi' });
    const row = balance.getByRole('row', { name: new RegExp(partnerB) });
    await row.getByText(/48,08\s€/).waitFor({ timeout: 5000 });
    await row.getByText('100 %').waitFor();
    await pageA.getByText(`${partnerB} porte à elle seule 100 % de la valeur apportée.`).waitFor();
    await checkBothWidths(pageA, 'overview-balance', checkA11y);
    await screenshots(pageA, 'overview-balance');
  });

  await step('contributions: the report downloads as CSV (BOM, `;`) and PDF with the bearer token', async () => {
    await pageA.getByRole('link', { name: 'Voir les apports' }).click();
    await pageA.getByRole('heading', { level: 1, name: 'Apports des partenaires' }).waitFor();
    const [csv] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: 'Télécharger le tableau (CSV)' }).click()]);
    const bytes = readFileSync(await csv.path());
    if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error(`CSV starts with ${bytes.subarray(0, 3).toString('hex')}, not the BOM`);
    const text = bytes.toString('utf8');
    if (!text.includes(';') || !text.includes(pledge) || !text.includes('48,08')) throw new Error(`unexpected CSV:\n${text.slice(0, 400)}`);
    if (!csv.suggestedFilename().endsWith('.csv')) throw new Error(`CSV named ${csv.suggestedFilename()}`);
    await pageA.getByText('Fichier téléchargé.').waitFor();
    const [pdf] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: 'Télécharger le bilan (PDF)' }).click()]);
    const head = readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString();
    if (head !== '%PDF-') throw new Error(`PDF starts with ${head}`);
    await screenshots(pageA, 'contributions-report');
  });
}
