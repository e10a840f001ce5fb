// Browser steps for the part-1 fixes (issue 11, item 6): the partner reads who did what in the feed
// (no "Quelqu'un", no bare "a fait un changement", no request for another association's members), and
// the last admin of an association is not offered to leave, and is told why.

export async function fixesSteps({ step, pageA, pageB, state, BASE_URL, screenshots }) {
  await step('feed: the partner reads every sentence with its people named', async () => {
    const memberListCalls = [];
    const watch = (request) => {
      if (/\/api\/associations\/[^/]+\/members/.test(request.url())) memberListCalls.push(request.url());
    };
    pageB.on('request', watch);
    await pageB.goto(`${BASE_URL}/projects/${state.projectId}/activity`);
    await pageB.locator('.feed__item').first().waitFor();
    // the coordinator's admin (of the other association) started the project
    await pageB.getByText(/^Amina Diallo a lancé l’action commune/).waitFor();
    const sentences = await pageB.locator('.feed__item > span').allTextContents();
    pageB.off('request', watch);
    const vague = sentences.filter((text) => /Quelqu’un|a fait un changement/.test(text));
    if (vague.length) throw new Error(`vague sentences: ${vague.join(' | ')}`);
    if (memberListCalls.length) throw new Error(`the partner asked for member lists: ${memberListCalls.join(', ')}`);
    await screenshots(pageB, 'activity-partner');
  });

  await step('association: the last admin is not offered "Quitter", and is told why', async () => {
    await pageA.goto(`${BASE_URL}/associations/${state.associationA}`);
    await pageA
      .getByText('Le dernier administrateur ne peut pas partir')
      .waitFor()
      .catch(async (error) => {
        const main = await pageA.locator('main').innerText();
        throw new Error(`${error.message}\nThe page said: ${main.slice(0, 1500)}`);
      });
    if (await pageA.getByRole('button', { name: 'Quitter' }).count()) throw new Error('the last admin is offered to leave');
    await screenshots(pageA, 'association-last-admin');
  });
}
