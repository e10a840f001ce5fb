// Browser steps for notifications (issue 14): A (coordinator) watches the bell while B (the partner,
// through the API) assigns her a task; the count rises live, the list links to the task, and reading
// it brings the count down. Also the "forgotten password" path from the sign-in page. axe runs on the
// new screens; screenshots go to client/test-output/.

export async function notificationSteps({ step, pageA, state, BASE_URL, apiCall, checkA11y, screenshots }) {
  const bell = () => pageA.getByRole('link', { name: /^Notifications/ });

  await step('notifications: the bell count rises live when a partner assigns me a task, and leads to it', async () => {
    await pageA.goto(`${BASE_URL}/projects`);
    await bell().waitFor();
    const before = await bell().getAttribute('aria-label');
    const countBefore = Number(/(\d+) non lue/.exec(before ?? '')?.[1] ?? 0);
    const task = await apiCall(
      'POST',
      `/projects/${state.projectId}/tasks`,
      { title: 'Accueillir le public', assigneeUserIds: [state.sessionA.user.id] },
      state.sessionB.accessToken,
    );
    const expected = `Notifications, ${countBefore + 1} non lue${countBefore + 1 > 1 ? 's' : ''}`;
    await pageA.getByRole('link', { name: expected, exact: true }).waitFor({ timeout: 5000 });
    await screenshots(pageA, 'notifications-bell');

    await bell().click();
    await pageA.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await checkA11y(pageA, 'notifications-list');
    await screenshots(pageA, 'notifications-list');
    await pageA.getByRole('link', { name: 'Tâche confiée : Accueillir le public' }).click();
    await pageA.waitForURL(`**/projects/${state.projectId}/tasks/${task.id}`);
    await pageA.getByRole('heading', { name: 'Accueillir le public' }).waitFor();
    const after = countBefore ? `Notifications, ${countBefore} non lue${countBefore > 1 ? 's' : ''}` : 'Notifications';
    await pageA.getByRole('link', { name: after, exact: true }).waitFor({ timeout: 5000 });
  });

  await step('notifications: mark all read, and the e-mail settings in Mon compte', async () => {
    await apiCall(
      'POST',
      `/projects/${state.projectId}/tasks`,
      { title: 'Ranger la salle', assigneeUserIds: [state.sessionA.user.id] },
      state.sessionB.accessToken,
    );
    await pageA.getByRole('link', { name: 'Notifications, 1 non lue', exact: true }).waitFor({ timeout: 5000 });
    await bell().click();
    await pageA.getByRole('link', { name: 'Tâche confiée : Ranger la salle' }).waitFor();
    await pageA.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await pageA.getByRole('link', { name: 'Notifications', exact: true }).waitFor({ timeout: 5000 });
    await pageA.goto(`${BASE_URL}/account`);
    await pageA.getByRole('radio', { name: 'Un récapitulatif par jour, à 18 h' }).check();
    await pageA.getByRole('checkbox', { name: 'Rappels de créneaux bénévoles' }).check();
    await pageA.getByRole('button', { name: 'Valider ces préférences' }).click();
    await pageA.getByText('Préférences enregistrées.').waitFor();
    const settings = await apiCall('GET', '/me/notification-settings', undefined, state.sessionA.accessToken);
    if (settings.email !== 'daily' || !settings.muted.includes('shift.reminder')) throw new Error(`settings not saved: ${JSON.stringify(settings)}`);
    await checkA11y(pageA, 'account-notifications');
    await screenshots(pageA, 'account-notifications');
  });

  await step('chat: @ opens the autocomplete of the project people and associations', async () => {
    await pageA.goto(`${BASE_URL}/projects/${state.projectId}/chat`);
    await pageA.getByText('En direct').waitFor({ timeout: 10000 });
    const input = pageA.getByRole('textbox', { name: 'Message' });
    await input.fill('');
    await input.pressSequentially('Merci @Rég');
    const option = pageA.getByRole('option').first();
    await option.waitFor({ timeout: 5000 });
    await screenshots(pageA, 'chat-mention');
    await input.press('Enter');
    await input.press('End');
    await input.pressSequentially('pour le prêt');
    await pageA.getByRole('button', { name: 'Envoyer' }).click();
    await pageA.locator('.message a.mention').last().waitFor({ timeout: 5000 });
  });
}

/** Signed out: the sign-in page offers "Mot de passe oublié ?", which asks for the address. */
export async function passwordResetSteps({ step, browser, BASE_URL, checkA11y, screenshots }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await step('password reset: the sign-in page links to the request form', async () => {
    await page.goto(`${BASE_URL}/sign-in`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill('quelquun@example.org');
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await page.getByText('Si un compte utilise cette adresse').waitFor();
    await checkA11y(page, 'forgot-password');
    await screenshots(page, 'forgot-password');
    await page.goto(`${BASE_URL}/reset-password?token=not-a-real-token`);
    await page.getByLabel('Nouveau mot de passe').fill('un nouveau mot de passe');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByText('Ce lien n’est plus valable').waitFor();
    await screenshots(page, 'reset-password-bad-link');
  });
  await context.close();
}
