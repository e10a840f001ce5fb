import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import './menu-button.css';

export interface MenuAction {
  key: string;
  label: ReactNode;
  onSelect: () => void;
  danger?: boolean;
}
export interface MenuGroup {
  key: string;
  /** shown above the group and naming it for screen readers */
  label?: string;
  actions: MenuAction[];
}

/**
 * The WAI-ARIA menu button pattern: Enter, Space or ↓ opens the menu on its first item, ↑ on its
 * last; ↑ ↓ Home End move between items without doing anything; Enter or a click does the item;
 * Escape closes and gives the focus back to the button; Tab and a click elsewhere close.
 * An item acts only when chosen, unlike a closed select whose arrows change its value at once.
 */
export function MenuButton({
  label,
  groups,
  buttonRef,
  className = '',
  children,
}: {
  label: string;
  groups: MenuGroup[];
  buttonRef?: RefObject<HTMLButtonElement | null>;
  className?: string;
  children: ReactNode;
}) {
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const open = focusIndex !== null;
  const ownButton = useRef<HTMLButtonElement>(null);
  const button = buttonRef ?? ownButton;
  const container = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const count = groups.reduce((total, group) => total + group.actions.length, 0);

  useEffect(() => {
    if (focusIndex === null) return;
    container.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[focusIndex]?.focus();
  }, [focusIndex]);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setFocusIndex(null);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  const close = () => {
    setFocusIndex(null);
    button.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setFocusIndex(event.key === 'ArrowDown' ? 0 : count - 1);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    if (focusIndex === null) return;
    const moves: Record<string, number> = { ArrowDown: (focusIndex + 1) % count, ArrowUp: (focusIndex - 1 + count) % count, Home: 0, End: count - 1 };
    if (event.key in moves) {
      event.preventDefault();
      setFocusIndex(moves[event.key]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      setFocusIndex(null);
    }
  };

  // each item's place in the whole menu, which the arrows walk through
  const firstIndexOf = groups.map((_, groupIndex) => groups.slice(0, groupIndex).reduce((total, group) => total + group.actions.length, 0));
  return (
    <div className={`menu-button ${className}`} ref={container}>
      <button
        ref={button}
        type="button"
        className="menu-button__button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setFocusIndex(open ? null : 0)}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open && (
        <div id={menuId} role="menu" aria-label={label} className="menu" onKeyDown={onMenuKeyDown}>
          {groups.map((group, groupIndex) => (
            <div key={group.key} role="group" aria-label={group.label} className="menu__group">
              {groupIndex > 0 && <div role="separator" className="menu__separator" />}
              {group.label && (
                <div className="menu__label" aria-hidden="true">
                  {group.label}
                </div>
              )}
              {group.actions.map((action, actionIndex) => {
                const position = firstIndexOf[groupIndex] + actionIndex;
                return (
                  <button
                    key={action.key}
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    className={`menu__item${action.danger ? ' menu__item--danger' : ''}`}
                    onMouseEnter={() => setFocusIndex(position)}
                    onClick={() => {
                      close();
                      action.onSelect();
                    }}
                  >
                    {action.label}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
