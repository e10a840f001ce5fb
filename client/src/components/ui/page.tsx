import { useEffect, useRef, type ReactNode } from 'react';

let firstPageShown = false;

/**
 * A page with one h1 that takes focus when the route changes, so screen readers announce it.
 * The first page of a visit keeps the browser's natural start, so the skip link comes first.
 */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Maillage`;
    if (firstPageShown) heading.current?.focus({ preventScroll: true });
    firstPageShown = true;
  }, [title]);
  return (
    <section className="page">
      <header className="page__header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
