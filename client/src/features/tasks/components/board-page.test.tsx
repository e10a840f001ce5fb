import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router';
import '@/i18n';
import { queryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { jsonResponse, makeTask } from '@/test/factories';
import type { WorkspaceContext } from '@/features/projects/api/workspace-context';
import type { Task } from '../api/task-cache';
import BoardPage from './board-page';
import { CARDS_PER_STEP } from './board-column';

const workspace = {
  project: { id: 'p1', title: 'Ciné-débat', coordinatorAssociationId: 'a1', status: 'active' },
  partners: [],
  activePartners: [],
  associationNames: new Map([['a1', 'Cinéma du Parc']]),
  people: new Map([['u1', 'Amina Diallo']]),
  peopleByAssociation: new Map(),
  myAssociations: [],
  myActivePartnerIds: [],
  isCoordinatorAdmin: true,
  live: { status: 'live', presence: [], typingUserIds: [] },
} as unknown as WorkspaceContext;

const fetchMock = vi.fn<typeof fetch>();
let tasks: Task[] = [];

function renderBoard() {
  const router = createMemoryRouter(
    [{ path: '/projects/p1', element: <Outlet context={workspace} />, children: [{ path: 'board', element: <BoardPage /> }] }],
    { initialEntries: ['/projects/p1/board'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const moveCalls = () => fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/move'));
const column = (name: RegExp) => screen.getByRole('region', { name });

beforeEach(() => {
  sessionStore.set({ accessToken: 'a', refreshToken: 'r', user: { id: 'u1', email: 'u@x.fr', displayName: 'U' } });
  tasks = [makeTask({ id: 't1', title: 'Affiches', position: 1 }), makeTask({ id: 't2', title: 'Salle', position: 2 })];
  queryClient.setQueryData(queryKeys.tasks('p1'), tasks);
  fetchMock.mockImplementation(async (url, init) => {
    const path = String(url);
    const move = /\/tasks\/(\w+)\/move$/.exec(path);
    if (move) {
      const body = JSON.parse(String(init!.body));
      const task = tasks.find((candidate) => candidate.id === move[1])!;
      return jsonResponse(200, { ...task, status: body.status, position: 10, version: task.version + 1 });
    }
    return jsonResponse(200, { items: tasks, nextCursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  queryClient.clear();
  vi.unstubAllGlobals();
  fetchMock.mockReset();
  sessionStore.set(null);
});

describe('BoardPage keyboard moves', () => {
  /** Opens the card's menu from the keyboard, as a screen-reader or keyboard user does. */
  async function openMenu(title: string) {
    const button = await screen.findByRole('button', { name: `Actions pour « ${title} »` });
    button.focus();
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    return screen.getByRole('menu');
  }

  it('moves nothing until an item of the menu is chosen', async () => {
    renderBoard();
    const menu = await openMenu('Affiches');
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(moveCalls()).toHaveLength(0);
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Actions pour « Affiches »' }));
    expect(moveCalls()).toHaveLength(0);
  });

  it('keeps the focus on the card moved to another column', async () => {
    renderBoard();
    const menu = await openMenu('Affiches');
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'En cours' }));
    await vi.waitFor(() => expect(within(column(/^En cours/)).getByRole('link', { name: 'Affiches' })).toBeTruthy());
    await act(async () => {});
    expect(moveCalls()).toHaveLength(1);
    expect(JSON.parse(String(moveCalls()[0][1]!.body))).toEqual({ status: 'in_progress', afterTaskId: null });
    const focusedCard = document.activeElement?.closest('li');
    expect(focusedCard?.textContent).toContain('Affiches');
    expect(column(/^En cours/).contains(document.activeElement)).toBe(true);
  });

  it('keeps the focus on the card moved down to the end of its column', async () => {
    renderBoard();
    const menu = await openMenu('Affiches');
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Descendre' }));
    await vi.waitFor(() => expect(moveCalls()).toHaveLength(1));
    await act(async () => {});
    expect(JSON.parse(String(moveCalls()[0][1]!.body))).toEqual({ status: 'todo', afterTaskId: 't2' });
    const focused = document.activeElement as HTMLElement;
    expect(focused.closest('li')?.textContent).toContain('Affiches');
    expect(focused.matches(':disabled')).toBe(false);
  });
});

describe('BoardPage on a big board', () => {
  it('renders 5,000 tasks a screenful at a time, and more on demand', { timeout: 15000 }, async () => {
    tasks = Array.from({ length: 5000 }, (_, index) =>
      makeTask({ id: `big-${index}`, title: `Tâche ${index}`, status: (['todo', 'in_progress', 'blocked', 'done'] as const)[index % 4], position: index }),
    );
    queryClient.setQueryData(queryKeys.tasks('p1'), tasks);
    // (role queries are slow on a DOM this size in jsdom: plain selectors here)
    renderBoard();
    await vi.waitFor(() => expect(document.querySelectorAll('li.task-card')).toHaveLength(4 * CARDS_PER_STEP));
    const todo = document.getElementById('column-todo')!.closest('section')!;
    expect(todo.querySelector('h2')!.textContent).toContain('1250 tâches');

    fireEvent.click([...todo.querySelectorAll('button')].find((button) => button.textContent!.startsWith('Afficher 60 de plus'))!);
    expect(todo.querySelectorAll('li.task-card')).toHaveLength(2 * CARDS_PER_STEP);
  });
});

describe('BoardPage column composer', () => {
  it('creates a task in the column whose + was pressed, and Escape gives the focus back to it', async () => {
    fetchMock.mockImplementation(async (_url, init) => {
      if (init?.method === 'POST') return jsonResponse(201, makeTask({ id: 't9', ...JSON.parse(String(init.body)) }));
      return jsonResponse(200, { items: tasks, nextCursor: null });
    });
    renderBoard();
    const add = await screen.findByRole('button', { name: 'Nouvelle tâche dans « Bloquée »' });
    fireEvent.click(add);
    const title = screen.getByLabelText('Titre de la tâche à créer dans « Bloquée »');
    fireEvent.change(title, { target: { value: 'Relancer la mairie' } });
    fireEvent.submit(title.closest('form')!);
    await vi.waitFor(() => expect(within(column(/^Bloquée/)).getByRole('link', { name: 'Relancer la mairie' })).toBeTruthy());
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(String(post[1]!.body))).toMatchObject({ title: 'Relancer la mairie', status: 'blocked' });
    fireEvent.keyDown(screen.getByLabelText('Titre de la tâche à créer dans « Bloquée »'), { key: 'Escape' });
    expect(screen.queryByLabelText('Titre de la tâche à créer dans « Bloquée »')).toBeNull();
    expect(document.activeElement).toBe(add);
  });
});

describe('BoardPage card menu', () => {
  it('deletes after a confirmation and gives the focus to the next card', async () => {
    fetchMock.mockImplementation(async (_url, init) => {
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return jsonResponse(200, { items: tasks, nextCursor: null });
    });
    renderBoard();
    fireEvent.click(await screen.findByRole('button', { name: 'Actions pour « Affiches »' }));
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Supprimer…' }));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Supprimer « Affiches » pour tous les partenaires ?' })).getByRole('button', { name: 'Supprimer' }),
    );
    await vi.waitFor(() => expect(screen.queryByRole('link', { name: 'Affiches' })).toBeNull());
    expect(String(fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE')![0])).toMatch(/\/tasks\/t1$/);
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Actions pour « Salle »' })));
  });
});
