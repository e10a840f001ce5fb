import { useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { matchingCandidates, mentionQueryAt, type MentionCandidate } from '../api/mentions';

interface MentionTextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> {
  value: string;
  onValueChange: (value: string) => void;
  candidates: MentionCandidate[];
  /** Called with each person or association picked from the list. */
  onPick: (candidate: MentionCandidate) => void;
}

/**
 * A textarea where `@` opens a list of the project’s people and partner associations (an ARIA
 * autocomplete textbox): arrows move, Enter or Tab pick, Escape closes. Other keys reach `onKeyDown` as usual.
 */
export function MentionTextarea({ value, onValueChange, candidates, onPick, onKeyDown, ...textarea }: MentionTextareaProps) {
  const { t } = useTranslation();
  const listId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const typed = mentionQueryAt(value, caret);
  const options = typed && dismissedAt !== typed.start ? matchingCandidates(candidates, typed.query) : [];
  const open = options.length > 0;
  const current = Math.min(active, options.length - 1);

  const pick = (candidate: MentionCandidate) => {
    if (!typed) return;
    const inserted = `@${candidate.name} `;
    const next = value.slice(0, typed.start) + inserted + value.slice(caret);
    const position = typed.start + inserted.length;
    onValueChange(next);
    onPick(candidate);
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => input.current?.setSelectionRange(position, position));
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((current + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(options[current]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissedAt(typed!.start);
        return;
      }
    }
    onKeyDown?.(event);
  };

  return (
    <div className="mention-input">
      <textarea
        ref={input}
        {...textarea}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${current}` : undefined}
        onChange={(event) => {
          onValueChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={keyDown}
      />
      {open && (
        <ul id={listId} role="listbox" className="mention-input__list" aria-label={t('notifications.mentionSuggestions')}>
          {options.map((candidate, index) => (
            <li
              key={`${candidate.kind}-${candidate.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === current}
              className={`mention-input__option${index === current ? ' mention-input__option--active' : ''}`}
              // mousedown, not click: the textarea keeps the focus
              onMouseDown={(event) => {
                event.preventDefault();
                pick(candidate);
              }}
            >
              <span>{candidate.name}</span>{' '}
              <span className="muted">{t(candidate.kind === 'user' ? 'notifications.mentionPerson' : 'notifications.mentionAssociation')}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
