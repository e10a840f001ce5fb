/**
 * The demo project's contributions (npm run seed:demo): what makes every section of its report true.
 * A preparation workshop a fortnight ago (the hall booked for it, a volunteer shift whose attendance the
 * coordinator confirmed), the régie's van lent and returned, and partners' own pledges and deliveries
 * (money, hours, a gift in kind, a service). Everything goes through the HTTP API, as in seed-demo.ts.
 */
import type { ContributionView, ProjectSummary } from '@maillage/contract';
import { parisInstant } from '../src/resources/time-windows';

/** The part of seed-demo.ts's client this needs. */
export interface SeedApi {
  post<T = { id: string; status: string }>(path: string, token: string | undefined, body?: unknown): Promise<T>;
  patch<T = { id: string; status: string }>(path: string, token: string, body: unknown): Promise<T>;
  get<T = { id: string; status: string }>(path: string, token: string): Promise<T>;
}

/** An association of the demo, with its admin's and member's ids and tokens. */
export interface SeedPartner {
  id: string;
  admin: { id: string; token: string };
  member: { id: string; token: string };
}

const DAY_MS = 24 * 3600_000;

/** `days` ago at hour:minute Paris time, as an ISO instant. */
function daysAgoAt(days: number, hour: number, minute = 0): string {
  const date = new Date(Date.now() - days * DAY_MS);
  return parisInstant({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute, second: 0 }).toISOString();
}
const daysAgo = (days: number) => daysAgoAt(days, 12).slice(0, 10);

export async function seedContributions(
  api: SeedApi,
  projectId: string,
  hallId: string,
  vanId: string,
  partners: Record<'regie' | 'salle' | 'cinema' | 'sport' | 'droits', SeedPartner>,
): Promise<string> {
  const { regie, salle, cinema, sport, droits } = partners;

  // 1. The preparation workshop, two weeks ago: the hall's booking ended approved (the salle's premises).
  const workshop = await api.post<{ id: string; booking?: { id: string; status: string } }>(`/projects/${projectId}/events`, regie.admin.token, {
    title: 'Atelier de préparation : décors et banderoles',
    description: 'Fabrication des décors, des banderoles et des panneaux du tournoi avec les habitants.',
    start: daysAgoAt(14, 14),
    end: daysAgoAt(14, 18),
    location: 'Salle polyvalente des Tilleuls',
    resourceId: hallId,
  });
  if (workshop.booking?.status === 'pending')
    await api.post(`/bookings/${workshop.booking.id}/approve`, salle.admin.token, { note: 'Salle prêtée pour l’atelier.' });

  // 2. Its volunteer shift: three volunteers came, the coordinator confirms it (their associations' hours).
  const shift = await api.post(`/events/${workshop.id}/shifts`, regie.admin.token, {
    label: 'Peinture des décors',
    start: daysAgoAt(14, 14),
    end: daysAgoAt(14, 18),
    needed: 4,
  });
  const came = [regie.member, cinema.member, droits.admin];
  for (const volunteer of [...came, sport.member]) await api.post(`/shifts/${shift.id}/signup`, volunteer.token);
  for (const volunteer of came) await api.post(`/shifts/${shift.id}/attendance`, regie.admin.token, { volunteerId: volunteer.id, present: true });

  // 3. The régie's van lent to the sports committee to fetch paint and wood, and returned.
  const van = await api.post(`/resources/${vanId}/bookings`, sport.admin.token, {
    start: daysAgoAt(15, 9),
    end: daysAgoAt(15, 12),
    requesterAssociationId: sport.id,
    projectId,
    note: 'Aller chercher la peinture et les planches pour les décors.',
  });
  if (van.status === 'pending') await api.post(`/bookings/${van.id}/approve`, regie.admin.token, { note: 'Clés à l’accueil.' });
  await api.post(`/bookings/${van.id}/checkout`, regie.admin.token, {});
  await api.post(`/bookings/${van.id}/return`, regie.admin.token, { condition: 'good', note: 'Plein fait, carnet de bord rempli.' });

  // 4. What partners recorded themselves: pledged and delivered, money, hours, a gift, a service.
  let recorded = 0;
  const record = (token: string, body: Record<string, unknown>) => {
    recorded += 1;
    return api.post<ContributionView>(`/projects/${projectId}/contributions`, token, body);
  };
  const grant = await record(regie.admin.token, {
    associationId: regie.id,
    kind: 'money',
    description: 'Achat des lots du tournoi et des fournitures de l’atelier',
    quantity: 350,
    unit: 'EUR',
    status: 'pledged',
    date: daysAgo(20),
  });
  // Paid since: marked delivered as a partner would, with the version it read.
  await api.patch(`/contributions/${grant.id}`, regie.admin.token, { status: 'delivered', version: grant.version });
  await record(cinema.admin.token, {
    associationId: cinema.id,
    kind: 'material',
    description: 'Don de 40 affiches imprimées pour annoncer la fête',
    quantity: 40,
    unit: 'affiches',
    valueEuros: 60,
    gift: true,
    status: 'delivered',
    date: daysAgo(10),
  });
  await record(sport.admin.token, {
    associationId: sport.id,
    kind: 'volunteer_hours',
    description: 'Tracé du parcours de la marche nordique',
    quantity: 6,
    unit: 'h',
    status: 'delivered',
    date: daysAgo(20),
  });
  await record(sport.admin.token, {
    associationId: sport.id,
    kind: 'volunteer_hours',
    description: 'Arbitrage du tournoi de foot à 7',
    quantity: 12,
    unit: 'h',
    status: 'pledged',
    date: '2027-06-19',
  });
  await record(droits.admin.token, {
    associationId: droits.id,
    kind: 'service',
    description: 'Permanence « Connaître ses droits » tenue par une juriste',
    quantity: 5,
    unit: 'h',
    valueEuros: 200,
    status: 'pledged',
    date: '2027-06-19',
  });
  await record(droits.admin.token, {
    associationId: droits.id,
    kind: 'service',
    description: 'Point d’information sur l’accès aux droits pendant l’atelier',
    quantity: 2,
    unit: 'h',
    valueEuros: 80,
    status: 'delivered',
    date: daysAgo(14),
  });
  await record(salle.admin.token, {
    associationId: salle.id,
    kind: 'material',
    description: 'Sono et vidéoprojecteur pour la projection en plein air',
    quantity: 1,
    unit: 'soirée',
    valueEuros: 120,
    status: 'pledged',
    date: '2027-06-19',
  });

  const summary = await api.get<ProjectSummary>(`/projects/${projectId}/summary`, regie.admin.token);
  const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(summary.totals.valueEuros).replace(/\u202f/g, ' ');
  return `${recorded} saisis, 1 salle et 1 camionnette prêtées, ${summary.totals.volunteerHours} h de bénévolat réalisées, valeur totale ${euros}`;
}
