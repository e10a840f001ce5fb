import { useTranslation } from 'react-i18next';
import { conflictSentences, type ConflictExplanation as Explanation } from '../api/conflict';

/** A 409 on a booking in plain words, with the bookings (or the dates) in the way. */
export function ConflictExplanation({ explanation, wanted, children }: { explanation: Explanation; wanted: number; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { title, lines } = conflictSentences(explanation, t, i18n.language, wanted);
  return (
    <div className="alert alert--warning conflict" role="alert">
      <p>
        <strong>{title}</strong>
      </p>
      {explanation.kind === 'single' && lines.length > 0 && <p className="alert__detail">{t('bookings.conflict.inTheWay')}</p>}
      <ul>
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
      {children ?? <p className="alert__detail">{t('bookings.chooseAnother')}</p>}
    </div>
  );
}
