import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, NavLink, RouterProvider } from 'react-router';
import { CollapsibleNav } from './collapsible-nav';

afterEach(cleanup);

function renderNav() {
  const nav = (
    <CollapsibleNav label="Rubriques" toggleLabel="Rubrique" showCurrent className="tabs">
      <NavLink end to="/p">
        Vue d’ensemble
      </NavLink>
      <NavLink to="/p/board">Tâches</NavLink>
      <NavLink to="/p/chat">Discussion</NavLink>
    </CollapsibleNav>
  );
  const router = createMemoryRouter([{ path: '*', element: nav }], { initialEntries: ['/p/board'] });
  render(<RouterProvider router={router} />);
}

describe('CollapsibleNav', () => {
  it('names the current entry, opens, closes on Escape with the focus back, and on following a link', () => {
    renderNav();
    const toggle = screen.getByRole('button', { name: 'Rubrique Tâches' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const discussion = screen.getByRole('link', { name: 'Discussion' });
    discussion.focus();
    fireEvent.keyDown(discussion, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('link', { name: 'Discussion' }));
    expect(screen.getByRole('button', { name: 'Rubrique Discussion' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('closes on a click elsewhere', () => {
    renderNav();
    const toggle = screen.getByRole('button', { name: 'Rubrique Tâches' });
    fireEvent.click(toggle);
    fireEvent.pointerDown(document.body);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });
});
