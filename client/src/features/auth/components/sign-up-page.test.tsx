import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import i18n from '@/i18n';
import { jsonResponse, makeQueryClient } from '@/test/factories';
import SignUpPage from './sign-up-page';

// Under a slow server: nothing empty is sent, a second press while busy sends nothing more, a slow
// answer is said while waiting, and a refusal always says why (the password rule once, not twice).
describe('SignUpPage under a slow server', () => {
  let answer: (response: Response) => void;
  let fetchStub: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    await i18n.changeLanguage('fr');
    vi.useFakeTimers({ shouldAdvanceTime: true });
    fetchStub = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetchStub);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const renderPage = () =>
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter initialEntries={['/sign-up']}>
          <SignUpPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
  const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const form = () => screen.getByRole('button', { name: 'Créer un compte' }).closest('form')!;

  it('sends no empty field and says which ones to fill', () => {
    renderPage();
    type('Nom affiché', '   ');
    fireEvent.submit(form());
    expect(fetchStub).not.toHaveBeenCalled();
    expect(screen.getAllByText('Ce champ est obligatoire.')).toHaveLength(3);
  });

  it('sends once while busy, says the server is slow, then says why it refused', async () => {
    renderPage();
    type('Nom affiché', 'Camille');
    type('Adresse e-mail', 'camille@example.org');
    type('Mot de passe', 'court');
    fireEvent.submit(form());
    fireEvent.submit(form());
    await act(async () => vi.advanceTimersByTimeAsync(100));
    fireEvent.submit(form());
    await act(async () => vi.advanceTimersByTimeAsync(100));
    expect(fetchStub).toHaveBeenCalledTimes(1);

    await act(async () => vi.advanceTimersByTimeAsync(10_000));
    expect(screen.getByRole('status').textContent).toMatch(/met du temps à répondre/);

    await act(async () =>
      answer(
        jsonResponse(400, {
          status: 400,
          code: 'validation_failed',
          errors: [
            { field: 'password', message: 'must be at least 8 characters long', code: 'minLength' },
            { field: 'locale', message: 'must be one of the following values: fr, en', code: 'isIn' },
          ],
        }),
      ),
    );
    // Reading the answer's body takes real turns of the event loop (more on a loaded machine), and the
    // query library then renders on a timer: vi.waitFor advances the fake clock while it polls.
    const alert = await vi.waitFor(() => screen.getByRole('alert'));
    expect(alert.textContent).toMatch(/Certaines informations ne sont pas valides/);
    expect(alert.textContent).toMatch(/Choisissez une valeur dans la liste/);
    expect(screen.getAllByText('Au moins 8 caractères.')).toHaveLength(1);
    expect(screen.queryByText(/met du temps à répondre/)).toBeNull();
  });
});
