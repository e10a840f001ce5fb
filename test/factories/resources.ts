import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../setup/test-app';
import { seedMember } from './events';
import { makeUser, TestUser } from './index';

export { seedMember };

/**
 * Resource specs seed associations, memberships and projects straight into the database, so that
 * they exercise the resource and booking routes alone, whatever state the other features are in.
 */
const unique = () => randomBytes(4).toString('hex');

export async function seedAssociation(t: TestApp, admin: TestUser, name = `Association ${unique()}`): Promise<string> {
  const _id = new Types.ObjectId();
  const now = new Date();
  await t.db
    .collection('associations')
    .insertOne({ _id, name, searchText: name.toLowerCase(), city: 'Marseille', createdBy: new Types.ObjectId(admin.id), createdAt: now, updatedAt: now });
  await seedMember(t, String(_id), admin, 'admin');
  return String(_id);
}

/** A project with the given partners (the first is the coordinator), all `active` unless told. */
export async function seedProject(
  t: TestApp,
  partners: { associationId: string; status?: 'invited' | 'active' | 'declined' | 'left' | 'removed' }[],
  status: 'draft' | 'active' | 'completed' | 'archived' = 'active',
): Promise<string> {
  const _id = new Types.ObjectId();
  const now = new Date();
  await t.db.collection('projects').insertOne({
    _id,
    title: `Action commune ${unique()}`,
    coordinatorAssociationId: new Types.ObjectId(partners[0].associationId),
    status,
    charter: { version: 1, text: 'Charte', updatedAt: now },
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.collection('partners').insertMany(
    partners.map((partner) => ({
      projectId: _id,
      associationId: new Types.ObjectId(partner.associationId),
      status: partner.status ?? 'active',
      version: 1,
      createdAt: now,
      updatedAt: now,
    })),
  );
  return String(_id);
}

/** An association with an admin and a plain member. */
export async function seedTeam(t: TestApp): Promise<{ id: string; admin: TestUser; member: TestUser }> {
  const admin = await makeUser(t);
  const member = await makeUser(t);
  const id = await seedAssociation(t, admin);
  await seedMember(t, id, member, 'member');
  return { id, admin, member };
}

export async function makeResource(t: TestApp, admin: TestUser, associationId: string, overrides: Record<string, unknown> = {}) {
  const response = await t
    .http()
    .post(`/api/associations/${associationId}/resources`)
    .set('Authorization', admin.auth)
    .send({ kind: 'equipment', name: `Barnum ${unique()}`, sharing: 'network', quantity: 1, ...overrides });
  if (response.status !== 201) throw new Error(`makeResource: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; quantity: number; [key: string]: unknown };
}

/** A window `days` from now, at a whole hour, lasting `hours`. */
export function slot(days: number, hours = 2, startHourUtc = 9): { start: string; end: string } {
  const start = new Date();
  start.setUTCDate(start.getUTCDate() + days);
  start.setUTCHours(startHourUtc, 0, 0, 0);
  const end = new Date(start.getTime() + hours * 3600_000);
  return { start: start.toISOString(), end: end.toISOString() };
}

/** The highest total quantity held by approved or checked-out bookings of a resource, read from the database. */
export async function storedPeak(t: TestApp, resourceId: string): Promise<number> {
  const rows = await t.db
    .collection('bookings')
    .find({ resourceId: new Types.ObjectId(resourceId), status: { $in: ['approved', 'checked_out'] } })
    .toArray();
  const points: [number, number][] = [];
  for (const row of rows) points.push([new Date(row.start).getTime(), row.quantity], [new Date(row.end).getTime(), -row.quantity]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of points) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

/**
 * A loan of `resourceId` (owned by the world's partner) to the coordinator for the world's project:
 * requested, approved when the owner must approve, checked out, and out for `hours` already (the API
 * stamps the check-out now, so the stamp is moved back). Answers the booking's id.
 */
export async function loanOutFor(
  t: TestApp,
  world: { project: { id: string }; coordinator: { id: string; admin: TestUser }; partner: { admin: TestUser } },
  resourceId: string,
  hours: number,
): Promise<string> {
  const requested = await t
    .http()
    .post(`/api/resources/${resourceId}/bookings`)
    .set('Authorization', world.coordinator.admin.auth)
    .send({ ...slot(2, 8), requesterAssociationId: world.coordinator.id, projectId: world.project.id })
    .expect(201);
  const bookingId = requested.body.id as string;
  const owner = world.partner.admin.auth;
  if (requested.body.status === 'pending') await t.http().post(`/api/bookings/${bookingId}/approve`).set('Authorization', owner).send({}).expect(200);
  await t.http().post(`/api/bookings/${bookingId}/checkout`).set('Authorization', owner).send({}).expect(200);
  await t.db.collection('bookings').updateOne({ _id: new Types.ObjectId(bookingId) }, { $set: { checkedOutAt: new Date(Date.now() - hours * 3600_000) } });
  return bookingId;
}
