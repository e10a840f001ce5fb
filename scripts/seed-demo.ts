/**
 * Fills an empty database with a demo network of associations (npm run seed:demo):
 * five associations of one neighbourhood, each with an admin and a member; a joint project
 * "Fête du quartier 2027" with every partner active; tasks, an event with volunteer shifts, a shared
 * hall, tables and a van with bookings, a few chat messages, and the partners’ contributions
 * (seed-demo-contributions.ts) so that the funders’ report has something true in every section.
 *
 * It boots the real app in-process on the same database as `npm start` (MONGODB_URI, or the embedded
 * server under DATA_DIR) and creates everything through the HTTP API, so every derived state
 * (directory search text, admin counts, task boards, booking ledgers, activity feed) is built by the
 * code that owns it. Refuses to run on a database that already has accounts, unless --force.
 *
 *   node -r ts-node/register/transpile-only scripts/seed-demo.ts [--force]
 */
import 'reflect-metadata';
import { getConnectionToken } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Connection } from 'mongoose';
import { createApp } from '../src/app.factory';
import { AppConfig, loadConfig } from '../src/config/app.config';
import { ConfigError } from '../src/config/config-error';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../src/database/embedded-server';
import { parisInstant } from '../src/resources/time-windows';
import { seedContributions } from './seed-demo-contributions';

export const DEMO_PASSWORD = 'demo-maillage-2026';

/** The script's output is its product (the logins to use), so it goes to stdout. */
function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A request body. */
type Json = Record<string, unknown>;

/** What the seeding reads from the objects the API returns: their id, a booking's status, an event's booking. */
interface Created {
  id: string;
  status: string;
  booking?: Created;
}

class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** A thin fetch client for the in-process server; any unexpected status stops the seeding. */
class Api {
  constructor(private readonly base: string) {}

  async call<T = Created>(method: string, path: string, token: string | undefined, body?: unknown, expected: number[] = [200, 201]): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (!expected.includes(response.status)) throw new ApiError(method, path, response.status, parsed);
    return parsed as T;
  }

  post = <T = Created>(path: string, token: string | undefined, body?: unknown) => this.call<T>('POST', path, token, body);
  patch = <T = Created>(path: string, token: string, body: unknown) => this.call<T>('PATCH', path, token, body);
  get = <T = Created>(path: string, token: string) => this.call<T>('GET', path, token);
}

interface Person {
  key: string;
  email: string;
  displayName: string;
  role: 'admin' | 'member';
  id?: string;
  token?: string;
}

interface DemoAssociation {
  key: 'regie' | 'salle' | 'cinema' | 'sport' | 'droits';
  name: string;
  description: string;
  contactEmail: string;
  admin: Person;
  member: Person;
  id?: string;
}

const CITY = 'Villeurbanne';
const NEIGHBOURHOOD = 'Les Tilleuls';

function person(key: string, domain: string, displayName: string, role: 'admin' | 'member'): Person {
  return { key, email: `${key}@${domain}.demo`, displayName, role };
}

const ASSOCIATIONS: DemoAssociation[] = [
  {
    key: 'regie',
    name: 'Régie de quartier des Tilleuls',
    description: "Entretien des espaces communs, chantiers d'insertion et prêt de matériel aux associations du quartier. Chef de file de la Fête du quartier.",
    contactEmail: 'contact@regie.demo',
    admin: person('camille', 'regie', 'Camille Martin', 'admin'),
    member: person('yanis', 'regie', 'Yanis Benali', 'member'),
  },
  {
    key: 'salle',
    name: 'Association de la Salle partagée des Tilleuls',
    description: 'Gère la salle polyvalente du quartier, ouverte aux associations partenaires en soirée et le week-end, avec un règlement commun.',
    contactEmail: 'contact@salle.demo',
    admin: person('nadia', 'salle', 'Nadia Haddad', 'admin'),
    member: person('karim', 'salle', 'Karim Diallo', 'member'),
  },
  {
    key: 'cinema',
    name: 'Ciné-Tilleuls',
    description: 'Cinéma associatif : projections-débats, ciné-goûters pour les enfants et séances en plein air l’été.',
    contactEmail: 'contact@cinema.demo',
    admin: person('lea', 'cinema', 'Léa Rousseau', 'admin'),
    member: person('moussa', 'cinema', 'Moussa Traoré', 'member'),
  },
  {
    key: 'sport',
    name: 'Comité sportif des Tilleuls',
    description: 'Fédère les clubs du quartier (foot, boxe, basket, marche nordique) et organise la journée sportive de juin.',
    contactEmail: 'contact@sport.demo',
    admin: person('sofiane', 'sport', 'Sofiane Amrani', 'admin'),
    member: person('ines', 'sport', 'Inès Moreau', 'member'),
  },
  {
    key: 'droits',
    name: 'Section locale Droits & Dignité',
    description: "Permanences d'accès aux droits, campagnes contre les discriminations et ateliers de sensibilisation avec les associations locales.",
    contactEmail: 'contact@droits.demo',
    admin: person('helene', 'droits', 'Hélène Nguyen', 'admin'),
    member: person('amadou', 'droits', 'Amadou Cissé', 'member'),
  },
];

const DAY_MS = 24 * 3600_000;

/** A Paris wall-clock time as an ISO instant (bookings and opening hours are in Paris time). */
function paris(year: number, month: number, day: number, hour: number, minute = 0): string {
  return parisInstant({ year, month, day, hour, minute, second: 0 }).toISOString();
}

/** A due date `days` from today, at 18:00 Paris time. */
function dueIn(days: number): string {
  const date = new Date(Date.now() + days * DAY_MS);
  return paris(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), 18);
}

/** The next given weekday (0 = Sunday) at least `minDays` from today, as [year, month, day]. */
function nextWeekday(weekday: number, minDays: number): [number, number, number] {
  const date = new Date(Date.now() + minDays * DAY_MS);
  while (date.getUTCDay() !== weekday) date.setTime(date.getTime() + DAY_MS);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

function parseArgs(argv: string[]): { force: boolean } {
  const unknown = argv.filter((arg) => arg !== '--force');
  if (unknown.length) throw new UsageError(`Unknown argument ${unknown[0]}. Usage: npm run seed:demo [-- --force]`);
  return { force: argv.includes('--force') };
}

class UsageError extends Error {}

async function seed(api: Api, publicUrl: string): Promise<void> {
  const people = ASSOCIATIONS.flatMap((association) => [association.admin, association.member]);

  print('Comptes…');
  for (const someone of people) {
    const session = await api.post<{ accessToken: string; user: Created }>('/auth/register', undefined, {
      email: someone.email,
      password: DEMO_PASSWORD,
      displayName: someone.displayName,
      locale: 'fr',
    });
    someone.id = session.user.id;
    someone.token = session.accessToken;
  }
  const byKey = Object.fromEntries(ASSOCIATIONS.map((association) => [association.key, association])) as Record<DemoAssociation['key'], DemoAssociation>;
  const tokenOf = (someone: Person) => someone.token as string;
  const { regie, salle, cinema, sport, droits } = byKey;

  print('Associations et membres…');
  for (const association of ASSOCIATIONS) {
    const created = await api.post('/associations', tokenOf(association.admin), {
      name: association.name,
      description: association.description,
      city: CITY,
      neighbourhood: NEIGHBOURHOOD,
      contactEmail: association.contactEmail,
    });
    association.id = created.id;
    const invitation = await api.post<{ token: string }>(`/associations/${created.id}/invitations`, tokenOf(association.admin), {
      email: association.member.email,
      role: 'member',
    });
    await api.post(`/invitations/${invitation.token}/accept`, tokenOf(association.member));
  }
  const idOf = (association: DemoAssociation) => association.id as string;

  print('Action commune « Fête du quartier 2027 »…');
  const project = await api.post('/projects', tokenOf(regie.admin), {
    title: 'Fête du quartier 2027',
    description:
      'Une journée pour tout le quartier des Tilleuls : tournoi sportif l’après-midi, stands des associations, ' +
      'projection en plein air et bal le soir. Coordonnée par la régie de quartier avec la salle partagée, ' +
      'Ciné-Tilleuls, le comité sportif et la section Droits & Dignité.',
    coordinatorAssociationId: idOf(regie),
    startDate: paris(2027, 1, 11, 9),
    endDate: paris(2027, 6, 30, 18),
  });
  const projectId: string = project.id;
  const partners = [salle, cinema, sport, droits];
  for (const partner of partners) {
    await api.post(`/projects/${projectId}/partners`, tokenOf(regie.admin), {
      associationId: idOf(partner),
      message: `Bonjour ! La régie vous propose de co-organiser la Fête du quartier 2027 avec nous. — ${regie.admin.displayName}`,
    });
  }
  for (const partner of partners) {
    const charter = await api.get<{ version: number }>(`/projects/${projectId}/charter`, tokenOf(partner.admin));
    await api.post(`/projects/${projectId}/partners/${idOf(partner)}/accept`, tokenOf(partner.admin), { charterVersion: charter.version });
  }
  const current = await api.get(`/projects/${projectId}`, tokenOf(regie.admin));
  if (current.status !== 'active') await api.patch(`/projects/${projectId}`, tokenOf(regie.admin), { status: 'active' });

  print('Ressources partagées…');
  const hall = await api.post(`/associations/${idOf(salle)}/resources`, tokenOf(salle.admin), {
    kind: 'premise',
    name: 'Salle polyvalente des Tilleuls',
    description: 'Grande salle de 180 m² avec cuisine équipée, sono et vidéoprojecteur, accessible de plain-pied.',
    quantity: 1,
    capacity: 120,
    address: '12 place des Tilleuls, 69100 Villeurbanne',
    rules:
      'Réservation par une association partenaire uniquement. Rendre la salle rangée et balayée, tables et chaises empilées. ' +
      'Fin de la musique à 23 h 30 et départ à minuit. Clés à récupérer et à rendre à la régie.',
    stepFreeAccess: true,
    sharing: 'partners',
    requiresApproval: true,
    valuation: { euros: 25, per: 'hour' },
    openingHours: [
      ...['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, opens: '09:00', closes: '22:30' })),
      { day: 'sat', opens: '09:00', closes: '23:59' },
      { day: 'sun', opens: '10:00', closes: '20:00' },
    ],
  });
  const tables = await api.post(`/associations/${idOf(salle)}/resources`, tokenOf(salle.admin), {
    kind: 'equipment',
    name: 'Tables pliantes (180 × 75 cm)',
    description: 'Tables de réception pliantes, 8 personnes chacune.',
    quantity: 20,
    storagePlace: 'Réserve de la salle polyvalente',
    rules: 'À rendre propres et repliées. Signaler toute table abîmée.',
    sharing: 'partners',
    requiresApproval: false,
    valuation: { euros: 2, per: 'day' },
  });
  const van = await api.post(`/associations/${idOf(regie)}/resources`, tokenOf(regie.admin), {
    kind: 'vehicle',
    name: 'Camionnette de la régie (Trafic 9 places)',
    description: 'Permis B, 9 places ou 6 m³ de chargement une fois les banquettes retirées.',
    quantity: 1,
    storagePlace: 'Parking de la régie, 4 rue des Acacias',
    rules: 'Rendre le plein fait et le carnet de bord rempli. Clés et carte carburant à l’accueil de la régie.',
    sharing: 'network',
    requiresApproval: true,
    valuation: { euros: 60, per: 'day' },
  });

  print('Événement et créneaux bénévoles…');
  const event = await api.post(`/projects/${projectId}/events`, tokenOf(regie.admin), {
    title: 'Fête du quartier des Tilleuls',
    description: 'Tournoi de foot à 7, stands des associations, goûter partagé, projection en plein air puis bal. Repli dans la salle en cas de pluie.',
    start: paris(2027, 6, 19, 14),
    end: paris(2027, 6, 19, 23, 30),
    location: 'Place des Tilleuls et salle polyvalente',
    resourceId: hall.id,
    expectedAttendance: 600,
    // Open doors: its public page (/e/<slug>) takes guests' sign-ups.
    isPublic: true,
  });
  const shifts = [];
  for (const shift of [
    { label: 'Installation des stands et des tables', start: paris(2027, 6, 19, 10), end: paris(2027, 6, 19, 14), needed: 8 },
    { label: 'Accueil, buvette et goûter partagé', start: paris(2027, 6, 19, 14), end: paris(2027, 6, 19, 19), needed: 6 },
    { label: 'Rangement et nettoyage', start: paris(2027, 6, 19, 22, 30), end: paris(2027, 6, 20, 0, 30), needed: 6 },
  ]) {
    shifts.push(await api.post(`/events/${event.id}/shifts`, tokenOf(regie.admin), shift));
  }
  const signUps: [number, Person][] = [
    [0, regie.member],
    [0, salle.member],
    [0, sport.member],
    [1, cinema.member],
    [1, droits.member],
    [1, sport.admin],
    [2, regie.admin],
    [2, salle.admin],
  ];
  for (const [index, someone] of signUps) await api.post(`/shifts/${shifts[index].id}/signup`, tokenOf(someone));

  print('Réservations…');
  // The event asked for the hall; the hall's association approves it.
  let eventBookingStatus: string = event.booking?.status ?? 'none';
  if (event.booking?.id && eventBookingStatus === 'pending') {
    const approved = await api.post(`/bookings/${event.booking.id}/approve`, tokenOf(salle.admin), {
      note: 'Validé en réunion de la salle partagée. Clés à la régie la veille.',
    });
    eventBookingStatus = approved.status;
  }
  const tablesBooking = await api.post(`/resources/${tables.id}/bookings`, tokenOf(regie.admin), {
    start: paris(2027, 6, 19, 9),
    end: paris(2027, 6, 20, 9),
    quantity: 20,
    requesterAssociationId: idOf(regie),
    projectId,
    eventId: event.id,
    note: 'Pour les stands des associations et le goûter.',
  });
  const vanBooking = await api.post(`/resources/${van.id}/bookings`, tokenOf(sport.admin), {
    start: paris(2027, 6, 19, 8),
    end: paris(2027, 6, 19, 13),
    requesterAssociationId: idOf(sport),
    projectId,
    eventId: event.id,
    note: 'Transport des buts mobiles et des ballons depuis le gymnase.',
  });
  const vanApproved = await api.post(`/bookings/${vanBooking.id}/approve`, tokenOf(regie.admin), { note: 'OK, Yanis vous remet les clés à 8 h.' });
  const [year, month, day] = nextWeekday(4, 14);
  const screeningBooking = await api.post(`/resources/${hall.id}/bookings`, tokenOf(cinema.admin), {
    start: paris(year, month, day, 19),
    end: paris(year, month, day, 22, 30),
    requesterAssociationId: idOf(cinema),
    projectId,
    note: 'Ciné-débat « Nos quartiers ont du talent » avec la section Droits & Dignité, environ 80 personnes.',
  });

  print('Tâches…');
  const assignees = {
    regie: { assigneeAssociationId: idOf(regie) },
    salle: { assigneeAssociationId: idOf(salle) },
    cinema: { assigneeAssociationId: idOf(cinema) },
    sport: { assigneeAssociationId: idOf(sport) },
    droits: { assigneeAssociationId: idOf(droits) },
  };
  const checklist = (...items: [string, boolean][]) => items.map(([text, done]) => ({ text, done }));
  const tasks: { body: Json; comments?: [Person, string][] }[] = [
    {
      body: {
        title: 'Déposer la demande d’autorisation en mairie',
        description: 'Occupation de la place des Tilleuls, buvette temporaire et diffusion de musique jusqu’à minuit.',
        status: 'done',
        ...assignees.regie,
        assigneeUserIds: [regie.admin.id],
        dueDate: dueIn(-10),
        checklist: checklist(['Formulaire d’occupation du domaine public', true], ['Demande de buvette temporaire', true], ['Plan de la place', true]),
      },
      comments: [[regie.admin, 'Dossier déposé au service événements, récépissé reçu.']],
    },
    {
      body: {
        title: 'Monter le dossier de subvention Politique de la ville',
        description: 'Appel à projets du contrat de ville : budget prévisionnel, apports de chaque partenaire, bénévolat valorisé.',
        status: 'in_progress',
        ...assignees.regie,
        assigneeUserIds: [regie.admin.id, droits.admin.id],
        dueDate: dueIn(20),
        checklist: checklist(
          ['Budget prévisionnel', true],
          ['Lettres de soutien des partenaires', false],
          ['Bilan de l’édition précédente', true],
          ['Signature du président', false],
        ),
        eventId: event.id,
      },
      comments: [
        [droits.admin, 'Je peux relire la partie « lutte contre les discriminations » ce week-end.'],
        [regie.admin, 'Merci Hélène ! Il manque encore deux lettres de soutien.'],
      ],
    },
    {
      body: {
        title: 'Organiser le tournoi de foot à 7',
        description: 'Douze équipes mixtes de jeunes, arbitrage par les éducateurs des clubs.',
        status: 'in_progress',
        ...assignees.sport,
        assigneeUserIds: [sport.admin.id, sport.member.id],
        dueDate: dueIn(60),
        checklist: checklist(['Inscriptions des équipes', false], ['Planning des matchs', false], ['Trophées et médailles', false]),
        eventId: event.id,
      },
    },
    {
      body: {
        title: 'Choisir le film de la projection en plein air',
        description: 'Un film tous publics, en VF, avec des droits de diffusion non commerciale.',
        status: 'todo',
        ...assignees.cinema,
        assigneeUserIds: [cinema.admin.id],
        dueDate: dueIn(45),
        checklist: checklist(
          ['Présélection de trois films', true],
          ['Vote des habitants au centre social', false],
          ['Demande des droits au distributeur', false],
        ),
        eventId: event.id,
      },
      comments: [[cinema.member, 'Les ados du quartier votent pour une comédie, on les écoute ?']],
    },
    {
      body: {
        title: 'Réserver l’écran gonflable et le projecteur',
        status: 'blocked',
        ...assignees.cinema,
        assigneeUserIds: [cinema.member.id],
        dueDate: dueIn(30),
        description: 'Bloqué : en attente du devis du prestataire, qui n’a pas répondu à deux relances.',
      },
      comments: [[cinema.admin, 'Si pas de réponse d’ici vendredi, on demande au cinéma municipal de nous prêter le leur.']],
    },
    {
      body: {
        title: 'Préparer le stand « Connaître ses droits »',
        description: 'Quiz, permanence d’accès aux droits et exposition photo « Visages des Tilleuls ».',
        status: 'todo',
        ...assignees.droits,
        assigneeUserIds: [droits.admin.id, droits.member.id],
        dueDate: dueIn(90),
        checklist: checklist(['Imprimer l’exposition', false], ['Préparer le quiz', false]),
        eventId: event.id,
      },
    },
    {
      body: {
        title: 'Vérifier l’état de la salle et de la sono',
        status: 'done',
        ...assignees.salle,
        assigneeUserIds: [salle.member.id],
        dueDate: dueIn(-3),
        checklist: checklist(['Tester la sono et les micros', true], ['Compter les chaises', true]),
      },
    },
    {
      body: {
        title: 'Rédiger le plan de repli en cas de pluie',
        description: 'Qui s’installe où dans la salle, jauge à 120 personnes, ordre de passage des animations.',
        status: 'todo',
        ...assignees.salle,
        assigneeUserIds: [salle.admin.id],
        dueDate: dueIn(120),
      },
    },
    {
      body: {
        title: 'Concevoir l’affiche et les flyers',
        description: 'En français, arabe et anglais ; logos de toutes les associations partenaires à égalité.',
        status: 'in_progress',
        ...assignees.cinema,
        assigneeUserIds: [cinema.member.id, regie.member.id],
        dueDate: dueIn(75),
        checklist: checklist(['Maquette', true], ['Traductions', false], ['Validation par les partenaires', false], ['Impression (2 000 flyers)', false]),
      },
      comments: [[sport.admin, 'Pensez à ajouter l’horaire du tournoi sur l’affiche.']],
    },
    {
      body: {
        title: 'Recruter les bénévoles de la buvette',
        status: 'todo',
        ...assignees.regie,
        assigneeUserIds: [regie.member.id],
        dueDate: dueIn(150),
        checklist: checklist(['Annonce dans la newsletter de chaque association', false], ['Réunion d’information', false]),
        eventId: event.id,
      },
    },
    {
      body: {
        title: 'Commander les boissons et le goûter',
        description: 'Privilégier les commerçants du quartier ; budget prévu : 600 €.',
        status: 'todo',
        ...assignees.regie,
        dueDate: dueIn(190),
      },
    },
    {
      body: {
        title: 'Assurance responsabilité civile de l’événement',
        description: 'Vérifier que chaque association est couverte pour ses animations et que l’attestation de la régie couvre la buvette.',
        status: 'blocked',
        ...assignees.regie,
        assigneeUserIds: [regie.admin.id],
        dueDate: dueIn(40),
      },
      comments: [[regie.admin, 'En attente de l’attestation de l’assureur de la salle partagée.']],
    },
    {
      body: {
        title: 'Tracer le parcours de la marche nordique',
        status: 'done',
        ...assignees.sport,
        assigneeUserIds: [sport.member.id],
        dueDate: dueIn(-20),
      },
    },
  ];
  const authors: Person[] = [regie.admin, sport.admin, cinema.admin];
  for (const [index, task] of tasks.entries()) {
    const author = authors[index % authors.length];
    const created = await api.post(`/projects/${projectId}/tasks`, tokenOf(author), { ...task.body, clientId: `seed-demo-${index}` });
    for (const [commenter, body] of task.comments ?? []) await api.post(`/tasks/${created.id}/comments`, tokenOf(commenter), { body });
  }

  print('Messages…');
  const messages: [Person, string][] = [
    [regie.admin, 'Bienvenue à toutes et à tous sur l’espace de la Fête du quartier 2027 ! La charte est signée par les cinq associations 🎉'],
    [salle.admin, 'La salle est réservée pour le 19 juin, repli assuré en cas de pluie. Les clés seront à la régie la veille.'],
    [sport.admin, 'Le comité prend le tournoi en charge. On a besoin de la camionnette le matin pour les buts mobiles.'],
    [cinema.admin, 'On vous propose trois films pour la projection, vote des habitants au centre social jusqu’à fin janvier.'],
    [droits.admin, 'Super ! On tiendra un stand « Connaître ses droits » près de la buvette.'],
    [regie.member, 'Prochaine réunion de coordination mardi 18 h 30 à la salle ?'],
  ];
  for (const [author, body] of messages) await api.post(`/projects/${projectId}/messages`, tokenOf(author), { body, clientMessageId: randomUUID() });

  print('Apports, atelier de préparation et prêt de la camionnette…');
  const seedPartner = (association: DemoAssociation) => ({
    id: idOf(association),
    admin: { id: association.admin.id as string, token: tokenOf(association.admin) },
    member: { id: association.member.id as string, token: tokenOf(association.member) },
  });
  const contributionsLine = await seedContributions(api, projectId, hall.id, van.id, {
    regie: seedPartner(regie),
    salle: seedPartner(salle),
    cinema: seedPartner(cinema),
    sport: seedPartner(sport),
    droits: seedPartner(droits),
  });

  const statusFr: Record<string, string> = { approved: 'approuvée', pending: 'en attente', none: 'aucune' };
  const bookingLines = [
    `salle pour la fête (${statusFr[eventBookingStatus] ?? eventBookingStatus})`,
    `20 tables (${statusFr[tablesBooking.status] ?? tablesBooking.status})`,
    `camionnette (${statusFr[vanApproved.status] ?? vanApproved.status})`,
    `salle pour le ciné-débat (${statusFr[screeningBooking.status] ?? screeningBooking.status})`,
  ];
  const width = Math.max(...ASSOCIATIONS.map((association) => association.name.length));
  print();
  print('Réseau de démonstration créé.');
  print(`  Action commune : ${publicUrl}/projects/${projectId}`);
  print(`  Réservations   : ${bookingLines.join(' ; ')}`);
  print(`  Tâches         : ${tasks.length}, événement avec ${shifts.length} créneaux, ${messages.length} messages`);
  print(`  Apports        : ${contributionsLine}`);
  print();
  print(`Comptes (mot de passe pour tous : ${DEMO_PASSWORD})`);
  for (const association of ASSOCIATIONS) {
    print(`  ${association.name.padEnd(width)}  admin : ${association.admin.email.padEnd(20)}  membre : ${association.member.email}`);
  }
}

async function main(): Promise<number> {
  const { force } = parseArgs(process.argv.slice(2));
  // Auth routes are rate limited per address: every account is registered from 127.0.0.1.
  let config: AppConfig = loadConfig({ LOG_LEVEL: 'error', ...process.env, AUTH_RATE_LIMIT_PER_MINUTE: '100000' });
  let embedded: EmbeddedDatabase | undefined;
  if (!config.mongodbUri) {
    print(`MONGODB_URI n’est pas défini : démarrage de la base embarquée sous ${config.dataDir}.`);
    print('Arrêtez l’application (npm start) pendant le remplissage : les deux ouvriraient les mêmes fichiers.');
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, progress: (line) => print(line) });
    config = { ...config, mongodbUri: embedded.uri };
  }
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config);
    const db = app.get<Connection>(getConnectionToken());
    const users = await db.collection('users').countDocuments();
    if (users > 0 && !force) {
      console.error(
        `La base « ${config.databaseName} » contient déjà ${users} compte(s) : rien n’a été créé. ` +
          'Le jeu de démonstration se charge dans une base vide ; relancez avec --force (npm run seed:demo -- --force) pour l’ajouter quand même.',
      );
      return 1;
    }
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    print(`Remplissage de la base « ${config.databaseName} » par l’API…`);
    await seed(new Api(`http://127.0.0.1:${port}/api`), config.publicUrl);
    return 0;
  } finally {
    await app?.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) console.error(error.message);
    else if (error instanceof ApiError && error.status === 409 && error.path === '/auth/register')
      console.error('Les comptes de démonstration existent déjà : le jeu semble déjà chargé dans cette base.');
    else if (error instanceof ApiError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
