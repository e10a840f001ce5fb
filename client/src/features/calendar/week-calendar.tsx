// A hand-made week calendar: a CSS grid of half hours for wide screens and an agenda list for phones.
// Each day is a heading and a list, so screen readers and keyboards read it as text; the grid placement
// is only visual. No library: a week of bookings does not need one, and this stays a few KB in its chunk.
import { useId, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { addParisDays, formatDayLabel, formatParisTime, parisClock, parisInstant, startOfParisWeek } from './paris-time';
import { gridRows, placeInWeek, visibleHours, weekDays, type Segment, type TimeRange } from './week';
import './calendar.css';

export type CalendarView = 'week' | 'list';

export interface WeekCalendarProps<T extends TimeRange> {
  items: T[];
  weekStart: Date;
  onWeekChange: (weekStart: Date) => void;
  /** the text of an item (after its times), e.g. "Réservée — Régie de quartier" */
  describe: (item: T) => string;
  /** a CSS modifier for an item, e.g. its status */
  tone?: (item: T) => string;
  /** heading level of the week title; days are one level below */
  headingLevel?: 2 | 3;
  busy?: boolean;
  footer?: ReactNode;
  /**
   * A click (or tap) on a free half hour of the week grid: a shortcut for pointer users to fill a form,
   * which stays the way in for keyboards and screen readers.
   */
  onPickSlot?: (start: Date) => void;
}

const smallScreen = () => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 40rem)').matches;

export function WeekCalendar<T extends TimeRange>({
  items,
  weekStart,
  onWeekChange,
  describe,
  tone,
  headingLevel = 2,
  busy,
  footer,
  onPickSlot,
}: WeekCalendarProps<T>) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [view, setView] = useState<CalendarView>(() => (smallScreen() ? 'list' : 'week'));
  const titleId = useId();
  const days = useMemo(() => weekDays(weekStart), [weekStart]);
  const columns = useMemo(() => placeInWeek(items, weekStart), [items, weekStart]);
  const Title = `h${headingLevel}` as 'h2';
  const DayTitle = `h${headingLevel + 1}` as 'h3';
  const timeText = (segment: Segment<T>) => {
    const from = segment.continuesBefore ? t('calendar.fromBefore') : formatParisTime(segment.item.start, locale);
    const to = segment.continuesAfter ? t('calendar.untilAfter') : formatParisTime(segment.item.end, locale);
    return `${from} – ${to}`;
  };
  const today = startOfParisWeek(new Date()).getTime() === weekStart.getTime() ? addParisDays(new Date(), 0).getTime() : undefined;

  return (
    <section className="week-calendar" aria-labelledby={titleId} aria-busy={busy || undefined}>
      <div className="week-calendar__toolbar">
        <Title id={titleId} className="week-calendar__title" aria-live="polite">
          {t('calendar.weekOf', { date: formatDayLabel(weekStart, locale, { year: true }) })}
        </Title>
        <div className="week-calendar__nav" role="group" aria-label={t('calendar.navigation')}>
          <Button variant="secondary" onClick={() => onWeekChange(addParisDays(weekStart, -7))}>
            <span aria-hidden="true">‹</span>
            <span className="visually-hidden">{t('calendar.previousWeek')}</span>
          </Button>
          <Button variant="secondary" onClick={() => onWeekChange(startOfParisWeek(new Date()))}>
            {t('calendar.thisWeek')}
          </Button>
          <Button variant="secondary" onClick={() => onWeekChange(addParisDays(weekStart, 7))}>
            <span aria-hidden="true">›</span>
            <span className="visually-hidden">{t('calendar.nextWeek')}</span>
          </Button>
        </div>
        <div className="week-calendar__views" role="group" aria-label={t('calendar.view')}>
          {(['week', 'list'] as const).map((option) => (
            <Button key={option} variant={view === option ? 'primary' : 'ghost'} aria-pressed={view === option} onClick={() => setView(option)}>
              {t(`calendar.views.${option}`)}
            </Button>
          ))}
        </div>
      </div>

      {view === 'list' ? (
        <AgendaList columns={columns} days={days} locale={locale} describe={describe} tone={tone} timeText={timeText} DayTitle={DayTitle} />
      ) : (
        <>
          <WeekGrid
            columns={columns}
            days={days}
            locale={locale}
            describe={describe}
            tone={tone}
            timeText={timeText}
            DayTitle={DayTitle}
            today={today}
            onPickSlot={onPickSlot}
          />
          {onPickSlot && <p className="muted week-calendar__hint">{t('calendar.pickHint')}</p>}
        </>
      )}
      {footer}
    </section>
  );
}

interface ViewProps<T extends TimeRange> {
  columns: Segment<T>[][];
  days: Date[];
  locale: string;
  describe: (item: T) => string;
  tone?: (item: T) => string;
  timeText: (segment: Segment<T>) => string;
  DayTitle: 'h3';
}

function AgendaList<T extends TimeRange>({ columns, days, locale, describe, tone, timeText, DayTitle }: ViewProps<T>) {
  const { t } = useTranslation();
  const busyDays = days.map((day, index) => ({ day, segments: columns[index] })).filter((entry) => entry.segments.length > 0);
  if (!busyDays.length) return <p className="week-calendar__empty">{t('calendar.emptyWeek')}</p>;
  return (
    <div className="agenda">
      {busyDays.map(({ day, segments }) => (
        <div key={day.toISOString()} className="agenda__day">
          <DayTitle className="agenda__date">{formatDayLabel(day, locale)}</DayTitle>
          <ul className="agenda__items">
            {segments.map((segment) => (
              <li key={segment.item.id} className={`agenda__item calendar-item--${tone?.(segment.item) ?? 'default'}`}>
                <span className="agenda__time">{timeText(segment)}</span>
                <span className="agenda__text">{describe(segment.item)}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function WeekGrid<T extends TimeRange>({
  columns,
  days,
  locale,
  describe,
  tone,
  timeText,
  DayTitle,
  today,
  onPickSlot,
}: ViewProps<T> & { today?: number; onPickSlot?: (start: Date) => void }) {
  const { t } = useTranslation();
  const { first, last } = visibleHours(columns);
  const rows = (last - first) * 2;
  const hours = Array.from({ length: last - first }, (_, index) => first + index);
  const pick = (day: Date) => (event: MouseEvent<HTMLDivElement>) => {
    if (!onPickSlot || (event.target as HTMLElement).closest('.week-grid__item')) return;
    const lines = event.currentTarget.querySelector('.week-grid__lines');
    if (!lines) return;
    const rect = lines.getBoundingClientRect();
    const y = event.clientY - rect.top;
    if (y < 0 || y >= rect.height) return;
    const minutes = first * 60 + Math.floor(y / (rect.height / rows)) * 30;
    const date = parisClock(day);
    onPickSlot(parisInstant({ year: date.year, month: date.month, day: date.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }));
  };
  return (
    // Focusable so that keyboard users can scroll it sideways on a narrow screen.
    <div className="week-grid__scroll" tabIndex={0} role="region" aria-label={t('calendar.views.week')}>
      <div className="week-grid" style={{ ['--rows' as string]: rows }}>
        <div className="week-grid__gutter" aria-hidden="true">
          {hours.map((hour) => (
            <span key={hour} style={{ gridRow: `${(hour - first) * 2 + 1} / span 2` }}>
              {`${String(hour).padStart(2, '0')}:00`}
            </span>
          ))}
        </div>
        {days.map((day, index) => {
          const lanes = Math.max(1, ...columns[index].map((segment) => segment.lanes));
          const isToday = today !== undefined && day.getTime() <= today && today < addParisDays(day, 1).getTime();
          return (
            // Pointer shortcut only (see onPickSlot): keyboard users have the form.
            <div
              key={day.toISOString()}
              className={`week-grid__day${isToday ? ' week-grid__day--today' : ''}${onPickSlot ? ' week-grid__day--pickable' : ''}`}
              onClick={pick(day)}
            >
              <DayTitle className="week-grid__date">
                {formatDayLabel(day, locale, { weekday: 'short', month: 'short' })}
                {isToday && <span className="visually-hidden"> ({t('calendar.today')})</span>}
              </DayTitle>
              {columns[index].length === 0 ? (
                <p className="visually-hidden">{t('calendar.emptyDay')}</p>
              ) : (
                <ul className="week-grid__slots" style={{ gridTemplateColumns: `repeat(${lanes}, minmax(0, 1fr))` }}>
                  {columns[index].map((segment) => {
                    const { rowStart, rowEnd } = gridRows(segment, first);
                    return (
                      <li
                        key={segment.item.id}
                        className={`week-grid__item calendar-item--${tone?.(segment.item) ?? 'default'}`}
                        style={{ gridRow: `${rowStart} / ${rowEnd}`, gridColumn: segment.lane + 1 }}
                      >
                        <span className="week-grid__time">{timeText(segment)}</span> <span>{describe(segment.item)}</span>
                      </li>
                    );
                  })}
                </ul>
              )}
              <div className="week-grid__lines" aria-hidden="true" />
            </div>
          );
        })}
      </div>
    </div>
  );
}
