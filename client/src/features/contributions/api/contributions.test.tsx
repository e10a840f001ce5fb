import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import '@/i18n';
import { sessionStore } from '@/lib/session';
import { jsonResponse, makeQueryClient } from '@/test/factories';
import { ContributionItem } from '../components/contribution-item';
import { downloadReport, fileNameOf, type Contribution } from './contributions';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStore.set(null);
});

const pledged: Contribution = {
  id: 'c1',
  projectId: 'p1',
  associationId: 'a1',
  kind: 'material',
  description: 'Prêt de la sono',
  quantity: 1,
  unit: 'soirée',
  valueEuros: 120,
  valuation: { method: 'given', rateEuros: null, per: null },
  gift: false,
  status: 'pledged',
  date: null,
  source: 'manual',
  origin: null,
  recordedBy: 'u1',
  version: 3,
  createdAt: null,
  updatedAt: null,
};

describe('marking a contribution delivered', () => {
  it('sends the version it read; a stale one (409) says someone changed it', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValue(
        jsonResponse(409, { status: 409, title: 'Conflict', current: { ...pledged, version: 4, description: 'Prêt de la sono et des micros' } }),
      );
    vi.stubGlobal('fetch', fetchMock);
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <ul>
          <ContributionItem projectId="p1" item={pledged} canEdit />
        </ul>
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Marquer comme réalisé' }));
    await screen.findByText(/Quelqu’un a modifié cet apport entre-temps/);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/contributions/c1');
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).toEqual({ status: 'delivered', version: 3 });
  });
});

describe(downloadReport.name, () => {
  it('fetches the report with the bearer token and hands the blob to the browser under the server’s name', async () => {
    sessionStore.set({ accessToken: 'A1', refreshToken: 'R1', user: { id: 'u1', email: 'a@b.fr', displayName: 'A' } });
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(
      new Response('\ufeffDate;Association\r\n', {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="bilan-fete.csv"' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    // jsdom has no object URLs: the browser's two functions are stood in for this test only.
    const createObjectURL = vi.fn(() => 'blob:report');
    const saved = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    onTestFinished(() => {
      Object.assign(URL, saved);
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('bilan-fete.csv');
      expect(this.href).toBe('blob:report');
    });

    await downloadReport('p1', 'csv', { from: '2026-01-01' });

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/projects/p1/report?format=csv&from=2026-01-01');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer A1');
    expect(click).toHaveBeenCalledTimes(1);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('reads the file name from Content-Disposition, plain or encoded', () => {
    expect(fileNameOf('attachment; filename="bilan.pdf"', 'x')).toBe('bilan.pdf');
    expect(fileNameOf("attachment; filename*=UTF-8''bilan-f%C3%AAte.pdf", 'x')).toBe('bilan-fête.pdf');
    expect(fileNameOf(null, 'bilan.csv')).toBe('bilan.csv');
  });
});
