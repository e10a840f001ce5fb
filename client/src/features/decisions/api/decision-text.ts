// Words about decisions that the list, the page and the activity feed share.
import type { ActivityView, DecisionVoteView, DecisionView } from '@maillage/contract';
import type { TFunction } from 'i18next';
import { DEFAULT_TIME_ZONE } from '@/lib/dates';

/** "dans 3 jours", "dans 5 heures", "dans 12 minutes": the largest whole unit left. */
export function timeLeft(closesAt: string, now: number, locale: string): string {
  const ms = new Date(closesAt).getTime() - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes >= 48 * 60) return format.format(Math.round(minutes / (24 * 60)), 'day');
  if (minutes >= 90) return format.format(Math.round(minutes / 60), 'hour');
  return format.format(minutes, 'minute');
}

/** As French people write it: "1er juin à 18:00" (with the year when it is not this one). */
export function longDateTime(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  const sameYear = date.getUTCFullYear() === now.getUTCFullYear();
  const text = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    timeZone: DEFAULT_TIME_ZONE,
  }).format(date);
  return locale.startsWith('fr') ? text.replace(/^1 /, '1er ') : text;
}

/** The label of a choice: the kind's words, or the option itself. */
export const choiceLabel = (t: TFunction, decision: Pick<DecisionView, 'kind'>, choice: string) =>
  decision.kind === 'choice' ? choice : t(`decisions.choices.${choice}`);

export function outcomeLabel(t: TFunction, decision: Pick<DecisionView, 'outcome'>): string {
  const outcome = decision.outcome;
  if (!outcome) return '';
  return t(`decisions.outcome.${outcome.result}`, { option: outcome.option ?? '' });
}

/**
 * The feed's sentence for a decision.* activity, or null for other types: "La Salle des Tilleuls a
 * voté pour « Budget »", "Décision adoptée : « Budget »".
 */
export function decisionActivityText(t: TFunction, activity: ActivityView, actor: string, associationNames: Pick<Map<string, string>, 'get'>): string | null {
  if (!activity.type.startsWith('decision.')) return null;
  const data = activity.data as { decision?: DecisionView; vote?: DecisionVoteView };
  const decision = data.decision;
  if (!decision) return null;
  const title = decision.title;
  if (activity.type === 'decision.opened') return t('decisions.activity.opened', { actor, title });
  if (activity.type === 'decision.withdrawn') return t('decisions.activity.withdrawn', { actor, title });
  if (activity.type === 'decision.voted' && data.vote) {
    const association = associationNames.get(data.vote.associationId) ?? t('activityFeed.anAssociation');
    const key = decision.kind === 'choice' ? 'voted_choice' : `voted_${data.vote.choice}`;
    return t(`decisions.activity.${key}`, { association, title, choice: data.vote.choice });
  }
  if (activity.type === 'decision.closed' && decision.outcome) {
    return t(`decisions.activity.closed_${decision.outcome.result}`, { title, option: decision.outcome.option ?? '' });
  }
  return null;
}
