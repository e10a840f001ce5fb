import type { TestApp } from '../setup/test-app';
import { Types } from 'mongoose';
import { makeUser, TestProject, TestUser } from './index';

/**
 * A joint project of two partners and someone outside it:
 * association A coordinates (admin `coordinatorAdmin`, plain member `coordinatorMember`),
 * association B is an active partner (admin `partnerAdmin`, plain member `partnerMember`),
 * `outsider` administers association C, which takes no part.
 */
export interface EventsWorld {
  coordinatorAdmin: TestUser;
  coordinatorMember: TestUser;
  partnerAdmin: TestUser;
  partnerMember: TestUser;
  outsider: TestUser;
  coordinator: { id: string; name: string };
  partner: { id: string; name: string };
  outsiderAssociation: { id: string; name: string };
  project: TestProject;
}

/**
 * Associations, memberships and partnerships are written straight to the database, so these specs
 * exercise events and calendars without depending on the associations' and projects' routes.
 */
export async function seedAssociation(t: TestApp, admin: TestUser, name = `Association ${new Types.ObjectId().toHexString().slice(-6)}`) {
  const now = new Date();
  const { insertedId } = await t.db.collection('associations').insertOne({
    name,
    searchText: name.toLowerCase(),
    sortKey: name.toLowerCase(),
    city: 'Marseille',
    createdBy: new Types.ObjectId(admin.id),
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await seedMember(t, insertedId.toHexString(), admin, 'admin');
  return { id: insertedId.toHexString(), name };
}

export async function seedMember(t: TestApp, associationId: string, user: TestUser, role: 'admin' | 'member' = 'member') {
  const now = new Date();
  await t.db
    .collection('memberships')
    .insertOne({ associationId: new Types.ObjectId(associationId), userId: new Types.ObjectId(user.id), role, createdAt: now, updatedAt: now });
}

/** An active project coordinated by the first association, every listed association an active partner. */
export async function seedProject(
  t: TestApp,
  coordinatorAssociationId: string,
  partnerAssociationIds: string[] = [],
  title = 'Fête de quartier',
): Promise<TestProject> {
  const now = new Date();
  const { insertedId } = await t.db.collection('projects').insertOne({
    title,
    description: '',
    coordinatorAssociationId: new Types.ObjectId(coordinatorAssociationId),
    status: 'active',
    charter: { version: 1, text: 'Charte de coopération', updatedAt: now },
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.collection('partners').insertMany(
    [coordinatorAssociationId, ...partnerAssociationIds].map((associationId) => ({
      projectId: insertedId,
      associationId: new Types.ObjectId(associationId),
      status: 'active',
      joinedAt: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })),
  );
  return { id: insertedId.toHexString(), title, charterVersion: 1 };
}

export async function makeEventsWorld(t: TestApp): Promise<EventsWorld> {
  const [coordinatorAdmin, coordinatorMember, partnerAdmin, partnerMember, outsider] = await Promise.all([
    makeUser(t, { displayName: 'Awa (coordination)' }),
    makeUser(t, { displayName: 'Bilal' }),
    makeUser(t, { displayName: 'Chloé (partenaire)' }),
    makeUser(t, { displayName: 'Dounia' }),
    makeUser(t, { displayName: 'Étienne (extérieur)' }),
  ]);
  const coordinator = await seedAssociation(t, coordinatorAdmin, 'Centre social des Lilas');
  const partner = await seedAssociation(t, partnerAdmin, 'Cinéma associatif');
  const outsiderAssociation = await seedAssociation(t, outsider, 'Club de foot');
  await seedMember(t, coordinator.id, coordinatorMember);
  await seedMember(t, partner.id, partnerMember);
  const project = await seedProject(t, coordinator.id, [partner.id]);
  await seedProject(t, outsiderAssociation.id, [], "Projet d'ailleurs");
  return { coordinatorAdmin, coordinatorMember, partnerAdmin, partnerMember, outsider, coordinator, partner, outsiderAssociation, project };
}

/** An hour-aligned UTC time `days` from now, at `hour` o'clock UTC. */
export function futureTime(days: number, hour: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

export async function makeEvent(t: TestApp, user: TestUser, projectId: string, overrides: Record<string, unknown> = {}) {
  const response = await t
    .http()
    .post(`/api/projects/${projectId}/events`)
    .set('Authorization', user.auth)
    .send({ title: 'Fête de quartier', start: futureTime(10, 12), end: futureTime(10, 18), location: 'Place du marché', ...overrides })
    .expect(201);
  return response.body;
}

export async function makeShift(t: TestApp, user: TestUser, eventId: string, overrides: Record<string, unknown> = {}) {
  const response = await t
    .http()
    .post(`/api/events/${eventId}/shifts`)
    .set('Authorization', user.auth)
    .send({ label: 'Accueil', start: futureTime(10, 12), end: futureTime(10, 14), needed: 3, ...overrides })
    .expect(201);
  return response.body;
}

/**
 * An event and a shift of `hours` that started yesterday, seeded (the API only plans ahead), with
 * `volunteer` signed up through the API. Answers the shift's id.
 */
export async function seedPastShift(
  t: TestApp,
  world: { project: { id: string }; coordinator: { id: string } },
  volunteer: TestUser,
  { label, hours }: { label: string; hours: number },
): Promise<string> {
  const now = new Date();
  const start = new Date(now.getTime() - 26 * 3600_000);
  const end = new Date(start.getTime() + hours * 3600_000);
  const eventId = new Types.ObjectId();
  const shiftId = new Types.ObjectId();
  const projectId = new Types.ObjectId(world.project.id);
  const stored = { createdBy: null, version: 1, createdAt: now, updatedAt: now, pendingActivity: null };
  await t.db.collection('events').insertOne({
    _id: eventId,
    projectId,
    title: 'Fête des voisins',
    description: '',
    start,
    end: new Date(end.getTime() + 3600_000),
    location: null,
    resourceId: null,
    bookingId: null,
    expectedAttendance: null,
    isPublic: false,
    organizerAssociationId: new Types.ObjectId(world.coordinator.id),
    ...stored,
  });
  await t.db.collection('shifts').insertOne({
    _id: shiftId,
    eventId,
    projectId,
    label,
    start,
    end,
    needed: 5,
    remaining: 5,
    volunteerIds: [],
    attendance: [],
    attendedIds: [],
    ...stored,
  });
  await t.http().post(`/api/shifts/${shiftId}/signup`).set('Authorization', volunteer.auth).expect(200);
  return String(shiftId);
}
