import { useEffect, useRef, type ReactNode } from 'react';
import { Notice } from '@/components/ui/feedback';

/**
 * The outcome of an action on a booking card. The card usually moves to another section or goes away,
 * which would drop the keyboard focus to <body>: the outcome takes it instead, and is announced.
 */
export function ActionOutcome({ children, stamp }: { children: ReactNode; /** changes with each new outcome */ stamp: unknown }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus({ preventScroll: false });
  }, [stamp]);
  return (
    <div ref={box} tabIndex={-1} className="action-outcome">
      <Notice tone="success">{children}</Notice>
    </div>
  );
}
