import type { NotificationKind } from '@maillage/contract';
import type { Locale } from '../users/schemas/user.schema';

/** What a notification is about; each kind reads the fields it needs. */
export interface NotificationFacts {
  actorName?: string;
  projectTitle?: string;
  taskTitle?: string;
  associationName?: string;
  resourceName?: string;
  /** booking.decided: approved or rejected. */
  outcome?: 'approved' | 'rejected';
  /** When the shift starts, or the loan was due back. */
  at?: string;
  label?: string;
  excerpt?: string;
}

const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "1er juin à 14 h 30" / "1 June at 14:30", in Europe/Paris, as French people write dates. */
export function spokenDate(iso: string, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  const day = Number(parts.day);
  const month = MONTHS[locale][Number(parts.month) - 1];
  if (locale === 'en') return `${day} ${month} at ${parts.hour}:${parts.minute}`;
  const time = parts.minute === '00' ? `${Number(parts.hour)} h` : `${Number(parts.hour)} h ${parts.minute}`;
  return `${day === 1 ? '1er' : day} ${month} à ${time}`;
}

type Texts = (facts: NotificationFacts, locale: Locale) => { title: string; body: string };

const q = (value: string | undefined, locale: Locale) => (locale === 'fr' ? `« ${value ?? ''} »` : `“${value ?? ''}”`);

const TEXTS: Record<NotificationKind, Record<Locale, Texts>> = {
  'task.assigned': {
    fr: (f) => ({ title: `Tâche confiée : ${f.taskTitle}`, body: `${f.actorName} vous a confié la tâche ${q(f.taskTitle, 'fr')} dans ${f.projectTitle}.` }),
    en: (f) => ({ title: `Task for you: ${f.taskTitle}`, body: `${f.actorName} gave you the task ${q(f.taskTitle, 'en')} in ${f.projectTitle}.` }),
  },
  mention: {
    fr: (f) => ({ title: `${f.actorName} vous a mentionné`, body: `Dans ${f.projectTitle} : ${q(f.excerpt, 'fr')}` }),
    en: (f) => ({ title: `${f.actorName} mentioned you`, body: `In ${f.projectTitle}: ${q(f.excerpt, 'en')}` }),
  },
  'project.invited': {
    fr: (f) => ({ title: `Invitation : ${f.projectTitle}`, body: `${f.associationName} est invitée à rejoindre l’action commune ${q(f.projectTitle, 'fr')}.` }),
    en: (f) => ({ title: `Invitation: ${f.projectTitle}`, body: `${f.associationName} is invited to join the joint project ${q(f.projectTitle, 'en')}.` }),
  },
  'booking.requested': {
    fr: (f) => ({ title: `Demande de réservation : ${f.resourceName}`, body: `${f.actorName} demande ${f.resourceName} à partir du ${f.at}.` }),
    en: (f) => ({ title: `Booking request: ${f.resourceName}`, body: `${f.actorName} asks for ${f.resourceName} from ${f.at}.` }),
  },
  'booking.decided': {
    fr: (f) => ({
      title: `Réservation ${f.outcome === 'approved' ? 'acceptée' : 'refusée'} : ${f.resourceName}`,
      body: `Votre demande de ${f.resourceName} à partir du ${f.at} a été ${f.outcome === 'approved' ? 'acceptée' : 'refusée'}.`,
    }),
    en: (f) => ({
      title: `Booking ${f.outcome === 'approved' ? 'approved' : 'rejected'}: ${f.resourceName}`,
      body: `Your request for ${f.resourceName} from ${f.at} was ${f.outcome === 'approved' ? 'approved' : 'rejected'}.`,
    }),
  },
  'charter.updated': {
    fr: (f) => ({
      title: `Nouvelle charte à signer : ${f.projectTitle}`,
      body: `La charte de ${f.projectTitle} a changé ; ${f.associationName} doit la signer à nouveau.`,
    }),
    en: (f) => ({
      title: `New charter to sign: ${f.projectTitle}`,
      body: `The charter of ${f.projectTitle} changed; ${f.associationName} needs to sign it again.`,
    }),
  },
  'decision.opened': {
    fr: (f) => ({ title: `Décision ouverte : ${f.label}`, body: `${f.projectTitle} : votre association est appelée à voter.` }),
    en: (f) => ({ title: `Decision opened: ${f.label}`, body: `${f.projectTitle}: your association is asked to vote.` }),
  },
  'decision.closing': {
    fr: (f) => ({ title: `Décision bientôt close : ${f.label}`, body: `${f.projectTitle} : le vote se termine le ${f.at}.` }),
    en: (f) => ({ title: `Decision closing soon: ${f.label}`, body: `${f.projectTitle}: voting ends on ${f.at}.` }),
  },
  'decision.closed': {
    fr: (f) => ({ title: `Décision close : ${f.label}`, body: `${f.projectTitle} : le résultat est connu.` }),
    en: (f) => ({ title: `Decision closed: ${f.label}`, body: `${f.projectTitle}: the outcome is in.` }),
  },
  'shift.reminder': {
    fr: (f) => ({ title: `Rappel : ${f.label}, ${f.at}`, body: `Vous êtes inscrit·e au créneau ${q(f.label, 'fr')} (${f.projectTitle}) le ${f.at}.` }),
    en: (f) => ({ title: `Reminder: ${f.label}, ${f.at}`, body: `You signed up for the shift ${q(f.label, 'en')} (${f.projectTitle}) on ${f.at}.` }),
  },
  'loan.overdue': {
    fr: (f) => ({ title: `Prêt en retard : ${f.resourceName}`, body: `${f.resourceName} devait être rendu le ${f.at}.` }),
    en: (f) => ({ title: `Overdue loan: ${f.resourceName}`, body: `${f.resourceName} was due back on ${f.at}.` }),
  },
};

export function notificationTexts(kind: NotificationKind, facts: NotificationFacts, locale: Locale): { title: string; body: string } {
  const withDate = facts.at && /^\d{4}-/.test(facts.at) ? { ...facts, at: spokenDate(facts.at, locale) } : facts;
  return TEXTS[kind][locale](withDate, locale);
}

export const MAIL_WORDS = {
  fr: {
    open: 'Ouvrir dans Maillage',
    footer: (settingsUrl: string) =>
      `Vous recevez cet e-mail parce que vous utilisez Maillage. Choisissez ce que vous recevez dans « Mon compte » : ${settingsUrl}`,
    digestSubject: (count: number) => `Maillage : ${count} notification${count > 1 ? 's' : ''} aujourd’hui`,
    digestIntro: 'Voici ce qui s’est passé aujourd’hui dans vos actions communes :',
  },
  en: {
    open: 'Open in Maillage',
    footer: (settingsUrl: string) => `You receive this e-mail because you use Maillage. Choose what you receive in "My account": ${settingsUrl}`,
    digestSubject: (count: number) => `Maillage: ${count} notification${count > 1 ? 's' : ''} today`,
    digestIntro: 'Here is what happened today in your joint projects:',
  },
} as const;
