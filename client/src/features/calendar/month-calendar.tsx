// A month calendar: a table of Monday-first weeks on wide screens, a list of the busy days on phones
// (chosen at first render, switchable). Days and items are text, so screen readers read the table by
// its weekday headers and the list by its day headings; each item is whatever `renderItem` gives
// (usually a link), so the keyboard reaches it as any link of the page.
import { useId, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { DEFAULT_TIME_ZONE } from '@/lib/dates';
import { addParisMonths, itemsByDay, monthWeeks, parisDayKey, startOfParisMonth } from './month';
import { formatDayLabel } from './paris-time';
import type { TimeRange } from './week';
import './calendar.css';

export type MonthView = 'month' | 'list';

export interface MonthCalendarProps<T extends TimeRange> {
  items: T[];
  /** Paris midnight of the month's first day */
  month: Date;
  onMonthChange: (month: Date) => void;
  renderItem: (item: T) => ReactNode;
  /** a CSS modifier for an item's box (`calendar-item--<tone>`) */
  tone?: (item: T) => string;
  /** what the list view says for a month without items */
  emptyText: string;
  /** heading level of the month title; days are one level below */
  headingLevel?: 2 | 3;
  busy?: boolean;
  /**
   * Offer the month/list switch (default). Without it the view follows the screen: the table from
   * 40rem, the list below, where a table's cells are too narrow to read a title.
   */
  viewSwitch?: boolean;
}

const SMALL_SCREEN = '(max-width: 40rem)';
const media = () => (typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(SMALL_SCREEN) : null);

/** Whether the screen is phone-sized now, following rotations and resizes. */
function useSmallScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = media();
      query?.addEventListener('change', onChange);
      return () => query?.removeEventListener('change', onChange);
    },
    () => media()?.matches ?? false,
    () => false,
  );
}

export function MonthCalendar<T extends TimeRange>({
  items,
  month,
  onMonthChange,
  renderItem,
  tone,
  emptyText,
  headingLevel = 2,
  busy,
  viewSwitch = true,
}: MonthCalendarProps<T>) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const small = useSmallScreen();
  // what the reader picked wins; until then (or without a switch) the screen decides
  const [chosen, setView] = useState<MonthView | null>(null);
  const view: MonthView = (viewSwitch && chosen) || (small ? 'list' : 'month');
  const titleId = useId();
  const weeks = useMemo(() => monthWeeks(month), [month]);
  const byDay = useMemo(() => itemsByDay(items, weeks.flat()), [items, weeks]);
  const Title = `h${headingLevel}` as 'h2';
  const DayTitle = `h${headingLevel + 1}` as 'h3';
  const title = new Intl.DateTimeFormat(locale, { timeZone: DEFAULT_TIME_ZONE, month: 'long', year: 'numeric' }).format(month);
  const todayKey = parisDayKey(new Date());
  const itemClass = (item: T) => `calendar-item--${tone?.(item) ?? 'default'}`;

  return (
    <section className="month-calendar" aria-labelledby={titleId} aria-busy={busy || undefined}>
      <div className="week-calendar__toolbar">
        <Title id={titleId} className="week-calendar__title month-calendar__title" aria-live="polite">
          {title}
        </Title>
        <div className="week-calendar__nav" role="group" aria-label={t('calendarMonth.navigation')}>
          <Button variant="secondary" onClick={() => onMonthChange(addParisMonths(month, -1))}>
            <span aria-hidden="true">‹</span>
            <span className="visually-hidden">{t('calendarMonth.previousMonth')}</span>
          </Button>
          <Button variant="secondary" onClick={() => onMonthChange(startOfParisMonth(new Date()))}>
            {t('calendarMonth.thisMonth')}
          </Button>
          <Button variant="secondary" onClick={() => onMonthChange(addParisMonths(month, 1))}>
            <span aria-hidden="true">›</span>
            <span className="visually-hidden">{t('calendarMonth.nextMonth')}</span>
          </Button>
        </div>
        {viewSwitch && (
          <div className="week-calendar__views" role="group" aria-label={t('calendarMonth.view')}>
            {(['month', 'list'] as const).map((option) => (
              <Button key={option} variant={view === option ? 'primary' : 'ghost'} aria-pressed={view === option} onClick={() => setView(option)}>
                {t(`calendarMonth.views.${option}`)}
              </Button>
            ))}
          </div>
        )}
      </div>

      {view === 'list' ? (
        <MonthList weeks={weeks} byDay={byDay} locale={locale} DayTitle={DayTitle} renderItem={renderItem} itemClass={itemClass} emptyText={emptyText} />
      ) : (
        <div className="month-grid__scroll">
          <table className="month-grid" aria-labelledby={titleId}>
            <thead>
              <tr>
                {weeks[0].map((day) => (
                  <th key={day.key} scope="col" abbr={new Intl.DateTimeFormat(locale, { timeZone: DEFAULT_TIME_ZONE, weekday: 'long' }).format(day.date)}>
                    {new Intl.DateTimeFormat(locale, { timeZone: DEFAULT_TIME_ZONE, weekday: 'short' }).format(day.date)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week[0].key}>
                  {week.map((day) => {
                    const dayItems = day.inMonth ? (byDay.get(day.key) ?? []) : [];
                    const isToday = day.key === todayKey;
                    return (
                      <td
                        key={day.key}
                        className={`month-grid__cell${day.inMonth ? '' : ' month-grid__cell--outside'}${isToday ? ' month-grid__cell--today' : ''}`}
                      >
                        <span className="month-grid__number" aria-hidden="true">
                          {day.dayOfMonth}
                        </span>
                        <span className="visually-hidden">
                          {formatDayLabel(day.date, locale)}
                          {isToday && ` (${t('calendarMonth.today')})`}
                        </span>
                        {dayItems.length > 0 && (
                          <ul className="month-grid__items">
                            {dayItems.map((item) => (
                              <li key={item.id} className={`month-grid__item ${itemClass(item)}`}>
                                {renderItem(item)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MonthList<T extends TimeRange>({
  weeks,
  byDay,
  locale,
  DayTitle,
  renderItem,
  itemClass,
  emptyText,
}: {
  weeks: ReturnType<typeof monthWeeks>;
  byDay: Map<string, T[]>;
  locale: string;
  DayTitle: 'h3';
  renderItem: (item: T) => ReactNode;
  itemClass: (item: T) => string;
  emptyText: string;
}) {
  const busyDays = weeks.flat().filter((day) => day.inMonth && (byDay.get(day.key)?.length ?? 0) > 0);
  if (!busyDays.length) return <p className="week-calendar__empty">{emptyText}</p>;
  return (
    <div className="agenda">
      {busyDays.map((day) => (
        <div key={day.key} className="agenda__day">
          <DayTitle className="agenda__date">{formatDayLabel(day.date, locale)}</DayTitle>
          <ul className="agenda__items">
            {byDay.get(day.key)!.map((item) => (
              <li key={item.id} className={`agenda__item agenda__item--single ${itemClass(item)}`}>
                {renderItem(item)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
