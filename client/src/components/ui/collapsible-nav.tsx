import { Children, isValidElement, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './collapsible-nav.css';
import { matchPath, useLocation } from 'react-router';

/**
 * A navigation whose entries sit in a row on wide screens and behind a disclosure button on narrow
 * ones (the breakpoints are in collapsible-nav.css), so no entry is ever cut, whatever their number. The button
 * names the current entry when `showCurrent` is set (project tabs); it closes on Escape, which gives
 * the focus back to it, when a link is followed and on a click elsewhere. `always` stays visible beside the button (a
 * notifications bell, say).
 */
export function CollapsibleNav({
  label,
  toggleLabel,
  showCurrent = false,
  className,
  always,
  children,
}: {
  label: string;
  toggleLabel: string;
  showCurrent?: boolean;
  className: string;
  always?: ReactNode;
  children: ReactNode;
}) {
  const { pathname } = useLocation();
  // the menu is open on the page it was opened on: following one of its links closes it
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (value: boolean) => setOpenOn(value ? pathname : null);
  const listId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  const current = showCurrent ? activeLabel(children, pathname) : null;

  // a tap or click elsewhere closes the menu, as it would close a native one
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!nav.current?.contains(event.target as Node)) setOpenOn(null);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <nav ref={nav} aria-label={label} className={`collapsible-nav ${className}${open ? ' collapsible-nav--open' : ''}`} onKeyDown={onKeyDown}>
      <div className="collapsible-nav__bar">
        {always}
        <button ref={toggle} type="button" className="collapsible-nav__toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          <span className="collapsible-nav__icon" aria-hidden="true" />
          {showCurrent && current ? (
            <>
              <span className="collapsible-nav__hint">{toggleLabel}</span> <span className="collapsible-nav__current">{current}</span>
            </>
          ) : (
            toggleLabel
          )}
        </button>
      </div>
      <div id={listId} className="collapsible-nav__list">
        {children}
      </div>
    </nav>
  );
}

/** The text of the child link (a NavLink: `to`, `end`) that React Router marks active on `pathname`. */
function activeLabel(children: ReactNode, pathname: string): ReactNode {
  for (const child of Children.toArray(children)) {
    if (!isValidElement<{ to?: unknown; end?: boolean; children?: ReactNode }>(child) || typeof child.props.to !== 'string') continue;
    if (matchPath({ path: child.props.to, end: child.props.end ?? false }, pathname)) return child.props.children;
  }
  return null;
}
