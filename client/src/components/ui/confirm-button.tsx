import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

/** A destructive action asks once more inline (no modal to trap focus on a phone). */
export function ConfirmButton({ children, question, onConfirm, busy }: { children: ReactNode; question: string; onConfirm: () => void; busy?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="danger" onClick={() => setAsking(true)} busy={busy}>
        {children}
      </Button>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <Button
        variant="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        autoFocus
      >
        {t('common.confirm')}
      </Button>
      <Button variant="ghost" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </Button>
    </span>
  );
}
