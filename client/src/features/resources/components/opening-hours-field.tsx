import type { OpeningSlot } from '@maillage/contract';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';

/** Monday first, as French calendars are. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** Weekly opening slots: one row per slot (day, opens, closes), added and removed with buttons. */
export function OpeningHoursField({ value, onChange, error }: { value: OpeningSlot[]; onChange: (slots: OpeningSlot[]) => void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const update = (index: number, patch: Partial<OpeningSlot>) => onChange(value.map((slot, i) => (i === index ? { ...slot, ...patch } : slot)));
  return (
    <fieldset className="checkbox-group opening-hours" aria-describedby={`${id}-hint`}>
      <legend>{t('resources.openingHours')}</legend>
      <p id={`${id}-hint`} className="field__hint">
        {t('resources.openingHoursHint')}
      </p>
      {value.length > 0 && (
        <ul className="opening-hours__rows">
          {value.map((slot, index) => (
            <li key={index} className="opening-hours__row">
              <label>
                <span>{t('resources.day')}</span>
                <select value={slot.day} onChange={(event) => update(index, { day: Number(event.target.value) })}>
                  {WEEK_ORDER.map((day) => (
                    <option key={day} value={day}>
                      {t(`resources.days.${day}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('resources.opens')}</span>
                <input type="time" value={slot.opens} required onChange={(event) => update(index, { opens: event.target.value })} />
              </label>
              <label>
                <span>{t('resources.closes')}</span>
                <input type="time" value={slot.closes} required onChange={(event) => update(index, { closes: event.target.value })} />
              </label>
              <Button
                variant="ghost"
                onClick={() => onChange(value.filter((_, i) => i !== index))}
                aria-label={t('resources.removeSlot', { day: t(`resources.days.${slot.day}`) })}
              >
                <span aria-hidden="true">✕</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field__error">{error}</p>}
      <Button
        variant="secondary"
        onClick={() => onChange([...value, { day: value.length ? (value.at(-1)!.day + 1) % 7 : 1, opens: '09:00', closes: '18:00' }])}
      >
        {t('resources.addSlot')}
      </Button>
    </fieldset>
  );
}

/** "lundi 09:00 – 18:00" lines, Monday first. */
export function OpeningHoursList({ slots }: { slots: OpeningSlot[] }) {
  const { t } = useTranslation();
  if (!slots.length) return <p>{t('resources.alwaysOpen')}</p>;
  const sorted = [...slots].sort((a, b) => WEEK_ORDER.indexOf(a.day) - WEEK_ORDER.indexOf(b.day) || a.opens.localeCompare(b.opens));
  return (
    <dl className="facts opening-hours__list">
      {WEEK_ORDER.filter((day) => sorted.some((slot) => slot.day === day)).map((day) => (
        <div key={day} className="facts__pair">
          <dt>{t(`resources.days.${day}`)}</dt>
          <dd>
            {sorted
              .filter((slot) => slot.day === day)
              .map((slot) => t('resources.slot', { opens: slot.opens, closes: slot.closes }))
              .join(', ')}
          </dd>
        </div>
      ))}
    </dl>
  );
}
