import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { createHash } from 'node:crypto';
import { DomainEvent, ProjectAccessChanged } from '../src/common/domain-events';
import { addMember, makeAssociation, makeUser, TestUser } from './factories';
import { acceptInvitation, makeInvitation } from './factories/associations';
import { createTestApp, TestApp } from './setup/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const unknownId = () => new Types.ObjectId().toHexString();

describe('Associations (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const oid = (id: string) => new Types.ObjectId(id);
  const membershipsOf = (associationId: string) =>
    t.db
      .collection('memberships')
      .find({ associationId: oid(associationId) })
      .toArray();
  const adminCountOf = async (associationId: string) => (await t.db.collection('associations').findOne({ _id: oid(associationId) }))?.adminCount;

  /** An association with an admin, a plain member and an outsider. */
  async function team() {
    const admin = await makeUser(t);
    const member = await makeUser(t);
    const outsider = await makeUser(t);
    const association = await makeAssociation(t, admin);
    await addMember(t, admin, association.id, member, 'member');
    return { admin, member, outsider, association };
  }

  function captureAccessChanges(): { events: ProjectAccessChanged[]; stop: () => void } {
    const emitter = t.app.get(EventEmitter2);
    const events: ProjectAccessChanged[] = [];
    const listener = (event: ProjectAccessChanged) => events.push(event);
    emitter.on(DomainEvent.ProjectAccessChanged, listener);
    return { events, stop: () => emitter.off(DomainEvent.ProjectAccessChanged, listener) };
  }

  describe('POST /api/associations', () => {
    it('creates the association and makes its creator admin', async () => {
      const user = await makeUser(t);
      const response = await t
        .http()
        .post('/api/associations')
        .set('Authorization', user.auth)
        .send({
          name: '  Les Amis du Vélo ',
          description: 'Ateliers de réparation',
          city: 'Saint-Étienne',
          neighbourhood: 'Tarentaize',
          contactEmail: 'Contact@Velo.org',
        })
        .expect(201);
      expect(response.body).toMatchObject({
        name: 'Les Amis du Vélo',
        description: 'Ateliers de réparation',
        city: 'Saint-Étienne',
        neighbourhood: 'Tarentaize',
        contactEmail: 'contact@velo.org',
        myRole: 'admin',
        version: 1,
      });
      expect(response.body.id).toEqual(expect.any(String));
      expect(response.body).not.toHaveProperty('_id');
      expect(response.body).not.toHaveProperty('searchText');
      const stored = await t.db.collection('associations').findOne({ _id: oid(response.body.id) });
      expect(stored).toMatchObject({ searchText: 'les amis du velo saint-etienne', adminCount: 1, createdBy: oid(user.id) });
      const memberships = await membershipsOf(response.body.id);
      expect(memberships).toEqual([expect.objectContaining({ userId: oid(user.id), role: 'admin' })]);
    });

    it.each([
      ['a missing name', { city: 'Lyon' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a malformed contact email', { name: 'X', contactEmail: 'nope' }, 'contactEmail'],
      ['a non-string city', { name: 'X', city: 12 }, 'city'],
      ['an unknown field', { name: 'X', adminCount: 9 }, 'adminCount'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const user = await makeUser(t);
      const response = await t.http().post('/api/associations').set('Authorization', user.auth).send(body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('answers 401 without a token', async () => {
      await t.http().post('/api/associations').send({ name: 'X' }).expect(401);
    });
  });

  describe('GET /api/associations', () => {
    let searcher: TestUser;
    const tag = `zq${Date.now().toString(36)}`;

    beforeAll(async () => {
      searcher = await makeUser(t);
      const founder = await makeUser(t);
      await makeAssociation(t, founder, { name: `Cœur de Quartier ${tag}`, city: 'Marseille' });
      await makeAssociation(t, founder, { name: `Éducation Populaire ${tag}`, city: 'Évry' });
      await makeAssociation(t, founder, { name: `Atelier a.b ${tag}`, city: 'Lyon' });
      await makeAssociation(t, founder, { name: `Atelier axb ${tag}`, city: 'Lyon' });
      await makeAssociation(t, searcher, { name: `Le club de ${tag}`, city: 'Lyon' });
    });

    const directory = (query: Record<string, string | number>, user = searcher) =>
      t.http().get('/api/associations').query(query).set('Authorization', user.auth);

    it('finds by a part of the name whatever the case and accents', async () => {
      const response = await directory({ q: `EDUCATION populaire ${tag}` }).expect(200);
      expect(response.body.items.map((a: { name: string }) => a.name)).toEqual([`Éducation Populaire ${tag}`]);
      expect(response.body.nextCursor).toBeNull();
      const coeur = await directory({ q: `coeur de quartier` }).expect(200);
      expect(coeur.body.items.map((a: { name: string }) => a.name)).toContain(`Cœur de Quartier ${tag}`);
    });

    it('treats the search as text, never as a pattern', async () => {
      const response = await directory({ q: `a.b ${tag}` }).expect(200);
      expect(response.body.items.map((a: { name: string }) => a.name)).toEqual([`Atelier a.b ${tag}`]);
      await directory({ q: '(.*[' }).expect(200);
    });

    it('filters by city, ignoring case and accents, and tells my role', async () => {
      const response = await directory({ q: tag, city: 'lyon' }).expect(200);
      expect(response.body.items).toHaveLength(3);
      expect(response.body.items.every((a: { city: string }) => a.city === 'Lyon')).toBe(true);
      expect(response.body.items.find((a: { name: string }) => a.name.startsWith('Le club'))).toMatchObject({ myRole: 'admin' });
      expect(response.body.items.find((a: { name: string }) => a.name.startsWith('Atelier'))).not.toHaveProperty('myRole');
      const evry = await directory({ q: tag, city: 'EVRY' }).expect(200);
      expect(evry.body.items).toHaveLength(1);
    });

    it('pages through every match once, ordered by name', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { q: tag, limit: 2 };
        if (cursor) query.cursor = cursor;
        const page = await directory(query).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((a: { name: string }) => a.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect(seen[0]).toBe(`Atelier a.b ${tag}`);
    });

    it.each([
      ['an unknown parameter', { sort: 'name' }, 'sort'],
      ['a limit above 200', { limit: 201 }, 'limit'],
      ['a zero limit', { limit: 0 }, 'limit'],
      ['a cursor we did not give', { cursor: '!!' }, 'cursor'],
    ])('answers 400 for %s', async (_case, query, field) => {
      const response = await directory(query).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('answers 401 without a token', async () => {
      await t.http().get('/api/associations').expect(401);
    });
  });

  describe('GET /api/associations/mine', () => {
    it('lists my associations with my role in each, nothing else', async () => {
      const { admin, member, association } = await team();
      const other = await makeAssociation(t, member);
      const response = await t.http().get('/api/associations/mine').set('Authorization', member.auth).expect(200);
      expect(response.body.items).toEqual([
        expect.objectContaining({ id: association.id, role: 'member' }),
        expect.objectContaining({ id: other.id, role: 'admin' }),
      ]);
      expect(response.body.nextCursor).toBeNull();
      const adminView = await t.http().get('/api/associations/mine').set('Authorization', admin.auth).expect(200);
      expect(adminView.body.items).toEqual([expect.objectContaining({ id: association.id, role: 'admin' })]);
    });

    it('pages', async () => {
      const user = await makeUser(t);
      for (let i = 0; i < 3; i++) await makeAssociation(t, user);
      const first = await t.http().get('/api/associations/mine?limit=2').set('Authorization', user.auth).expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await t.http().get(`/api/associations/mine?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', user.auth).expect(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers 400 for an unknown query parameter', async () => {
      const user = await makeUser(t);
      await t.http().get('/api/associations/mine?role=admin').set('Authorization', user.auth).expect(400);
    });

    it('answers 401 without a token', async () => {
      await t.http().get('/api/associations/mine').expect(401);
    });
  });

  describe('GET /api/associations/:id', () => {
    it('shows the public profile to anyone signed in, and my role to members', async () => {
      const { member, outsider, association } = await team();
      const seenByOutsider = await t.http().get(`/api/associations/${association.id}`).set('Authorization', outsider.auth).expect(200);
      expect(seenByOutsider.body).toMatchObject({ id: association.id, name: association.name, city: 'Marseille' });
      expect(seenByOutsider.body).not.toHaveProperty('myRole');
      expect(seenByOutsider.body).not.toHaveProperty('adminCount');
      const seenByMember = await t.http().get(`/api/associations/${association.id}`).set('Authorization', member.auth).expect(200);
      expect(seenByMember.body.myRole).toBe('member');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      const user = await makeUser(t);
      await t.http().get(`/api/associations/${unknownId()}`).set('Authorization', user.auth).expect(404);
      const response = await t.http().get('/api/associations/not-an-id').set('Authorization', user.auth).expect(404);
      expect(response.body).toMatchObject({ status: 404, type: expect.any(String), title: expect.any(String) });
    });

    it('answers 401 without a token', async () => {
      await t.http().get(`/api/associations/${unknownId()}`).expect(401);
    });
  });

  describe('PATCH /api/associations/:id', () => {
    it('lets an admin change the profile, and the directory follows', async () => {
      const { admin, association } = await team();
      const response = await t
        .http()
        .patch(`/api/associations/${association.id}`)
        .set('Authorization', admin.auth)
        .send({ name: 'Régie Nord-Est', city: 'Besançon', description: null })
        .expect(200);
      expect(response.body).toMatchObject({ id: association.id, name: 'Régie Nord-Est', city: 'Besançon', description: null, version: 2, myRole: 'admin' });
      const found = await t.http().get('/api/associations').query({ q: 'regie nord-est', city: 'besancon' }).set('Authorization', admin.auth).expect(200);
      expect(found.body.items.map((a: { id: string }) => a.id)).toEqual([association.id]);
    });

    it('answers 409 with the current profile for a stale version', async () => {
      const { admin, association } = await team();
      await t.http().patch(`/api/associations/${association.id}`).set('Authorization', admin.auth).send({ description: 'v2', version: 1 }).expect(200);
      const response = await t
        .http()
        .patch(`/api/associations/${association.id}`)
        .set('Authorization', admin.auth)
        .send({ description: 'v3', version: 1 })
        .expect(409);
      expect(response.body).toMatchObject({ code: 'stale_version', current: { description: 'v2', version: 2 } });
    });

    it.each([
      ['a blank name', { name: ' ' }, 'name'],
      ['a null name', { name: null }, 'name'],
      ['a malformed contact email', { contactEmail: 'x' }, 'contactEmail'],
      ['an unknown field', { adminCount: 5 }, 'adminCount'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const { admin, association } = await team();
      const response = await t.http().patch(`/api/associations/${association.id}`).set('Authorization', admin.auth).send(body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('answers 403 to a plain member, 404 to an outsider and for a malformed id', async () => {
      const { member, outsider, association } = await team();
      await t.http().patch(`/api/associations/${association.id}`).set('Authorization', member.auth).send({ name: 'Mine now' }).expect(403);
      await t.http().patch(`/api/associations/${association.id}`).set('Authorization', outsider.auth).send({ name: 'Mine now' }).expect(404);
      await t.http().patch('/api/associations/123').set('Authorization', member.auth).send({ name: 'Mine now' }).expect(404);
    });

    it('answers 401 without a token', async () => {
      await t.http().patch(`/api/associations/${unknownId()}`).send({ name: 'X' }).expect(401);
    });
  });

  describe('GET /api/associations/:id/members', () => {
    it('lists members in joining order; emails are for admins only', async () => {
      const { admin, member, association } = await team();
      const byMember = await t.http().get(`/api/associations/${association.id}/members`).set('Authorization', member.auth).expect(200);
      expect(byMember.body.items).toEqual([
        expect.objectContaining({ userId: admin.id, displayName: admin.displayName, role: 'admin', joinedAt: expect.any(String) }),
        expect.objectContaining({ userId: member.id, displayName: member.displayName, role: 'member' }),
      ]);
      expect(byMember.body.items[0]).not.toHaveProperty('email');
      const byAdmin = await t.http().get(`/api/associations/${association.id}/members`).set('Authorization', admin.auth).expect(200);
      expect(byAdmin.body.items.map((m: { email: string }) => m.email)).toEqual([admin.email, member.email]);
    });

    it('pages', async () => {
      const { admin, association } = await team();
      await addMember(t, admin, association.id, await makeUser(t));
      const first = await t.http().get(`/api/associations/${association.id}/members?limit=2`).set('Authorization', admin.auth).expect(200);
      const second = await t
        .http()
        .get(`/api/associations/${association.id}/members?limit=2&cursor=${first.body.nextCursor}`)
        .set('Authorization', admin.auth)
        .expect(200);
      expect([...first.body.items, ...second.body.items].map((m: { userId: string }) => m.userId)).toHaveLength(3);
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers 404 to an outsider and 400 for an unknown query parameter', async () => {
      const { member, outsider, association } = await team();
      await t.http().get(`/api/associations/${association.id}/members`).set('Authorization', outsider.auth).expect(404);
      await t.http().get(`/api/associations/${association.id}/members?role=admin`).set('Authorization', member.auth).expect(400);
    });

    it('answers 401 without a token', async () => {
      await t.http().get(`/api/associations/${unknownId()}/members`).expect(401);
    });
  });

  describe('PATCH /api/associations/:id/members/:userId', () => {
    const changeRole = (user: TestUser, associationId: string, userId: string, body: object) =>
      t.http().patch(`/api/associations/${associationId}/members/${userId}`).set('Authorization', user.auth).send(body);

    it('promotes and demotes, keeping the admin count', async () => {
      const { admin, member, association } = await team();
      const promoted = await changeRole(admin, association.id, member.id, { role: 'admin' }).expect(200);
      expect(promoted.body).toMatchObject({ userId: member.id, role: 'admin' });
      expect(await adminCountOf(association.id)).toBe(2);
      const demoted = await changeRole(member, association.id, admin.id, { role: 'member' }).expect(200);
      expect(demoted.body).toMatchObject({ userId: admin.id, role: 'member' });
      expect(await adminCountOf(association.id)).toBe(1);
    });

    it('refuses to demote the last admin (409 with the current state)', async () => {
      const { admin, association } = await team();
      const response = await changeRole(admin, association.id, admin.id, { role: 'member' }).expect(409);
      expect(response.body).toMatchObject({ code: 'last_admin', current: { userId: admin.id, role: 'admin' }, admins: [{ userId: admin.id }] });
      expect((await membershipsOf(association.id)).find((m) => String(m.userId) === admin.id)?.role).toBe('admin');
    });

    it('keeps one admin when two admins demote each other at once', async () => {
      for (let round = 0; round < 3; round++) {
        const { admin, member, association } = await team();
        await changeRole(admin, association.id, member.id, { role: 'admin' }).expect(200);
        const responses = await Promise.all([
          changeRole(admin, association.id, member.id, { role: 'member' }),
          changeRole(member, association.id, admin.id, { role: 'member' }),
        ]);
        expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
        const admins = (await membershipsOf(association.id)).filter((m) => m.role === 'admin');
        expect(admins).toHaveLength(1);
        expect(await adminCountOf(association.id)).toBe(1);
      }
    });

    it('keeps one admin when every admin demotes themself at once', async () => {
      const { admin, association } = await team();
      const others = await Promise.all(Array.from({ length: 4 }, () => makeUser(t)));
      for (const other of others) await addMember(t, admin, association.id, other, 'admin');
      expect(await adminCountOf(association.id)).toBe(5);
      const responses = await Promise.all([admin, ...others].map((user) => changeRole(user, association.id, user.id, { role: 'member' })));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(4);
      expect(responses.filter((r) => r.status === 409)).toHaveLength(1);
      expect((await membershipsOf(association.id)).filter((m) => m.role === 'admin')).toHaveLength(1);
      expect(await adminCountOf(association.id)).toBe(1);
    });

    it('answers 400 for a bad role or an unknown field', async () => {
      const { admin, member, association } = await team();
      const response = await changeRole(admin, association.id, member.id, { role: 'owner' }).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
      await changeRole(admin, association.id, member.id, { role: 'admin', extra: 1 }).expect(400);
    });

    it('answers 403 to a plain member, 404 to an outsider and for someone who is not a member', async () => {
      const { admin, member, outsider, association } = await team();
      await changeRole(member, association.id, member.id, { role: 'admin' }).expect(403);
      await changeRole(outsider, association.id, member.id, { role: 'member' }).expect(404);
      await changeRole(admin, association.id, outsider.id, { role: 'admin' }).expect(404);
      await changeRole(admin, association.id, 'nope', { role: 'admin' }).expect(404);
    });

    it('answers 401 without a token', async () => {
      await t.http().patch(`/api/associations/${unknownId()}/members/${unknownId()}`).send({ role: 'admin' }).expect(401);
    });
  });

  describe('DELETE /api/associations/:id/members/:userId', () => {
    const remove = (user: TestUser, associationId: string, userId: string) =>
      t.http().delete(`/api/associations/${associationId}/members/${userId}`).set('Authorization', user.auth);

    it('lets an admin remove a member, and tells realtime', async () => {
      const { admin, member, association } = await team();
      const capture = captureAccessChanges();
      try {
        await remove(admin, association.id, member.id).expect(204);
      } finally {
        capture.stop();
      }
      expect(capture.events).toEqual([{ projectIds: [], associationId: association.id, userIds: [member.id] }]);
      expect((await membershipsOf(association.id)).map((m) => String(m.userId))).toEqual([admin.id]);
      await t.http().get(`/api/associations/${association.id}/members`).set('Authorization', member.auth).expect(404);
    });

    it('lets a member leave', async () => {
      const { member, association } = await team();
      await remove(member, association.id, member.id).expect(204);
      expect(await membershipsOf(association.id)).toHaveLength(1);
    });

    it('lets an admin leave when another admin remains', async () => {
      const { admin, member, association } = await team();
      await addMember(t, admin, association.id, await makeUser(t), 'admin');
      await remove(admin, association.id, admin.id).expect(204);
      expect(await adminCountOf(association.id)).toBe(1);
      await remove(member, association.id, member.id).expect(204);
    });

    it('refuses to let the last admin leave or be removed (409)', async () => {
      const { admin, association } = await team();
      const response = await remove(admin, association.id, admin.id).expect(409);
      expect(response.body).toMatchObject({ code: 'last_admin', current: { userId: admin.id, role: 'admin' } });
      expect(await membershipsOf(association.id)).toHaveLength(2);
    });

    it('keeps one admin when two admins leave at once', async () => {
      for (let round = 0; round < 3; round++) {
        const { admin, association } = await team();
        const second = await makeUser(t);
        await addMember(t, admin, association.id, second, 'admin');
        const responses = await Promise.all([remove(admin, association.id, admin.id), remove(second, association.id, second.id)]);
        expect(responses.map((r) => r.status).sort()).toEqual([204, 409]);
        expect((await membershipsOf(association.id)).filter((m) => m.role === 'admin')).toHaveLength(1);
        expect(await adminCountOf(association.id)).toBe(1);
      }
    });

    it('keeps one admin when admins leave, remove each other and demote at once', async () => {
      for (let round = 0; round < 3; round++) {
        const { admin, member, association } = await team();
        const second = await makeUser(t);
        await addMember(t, admin, association.id, second, 'admin');
        const responses = await Promise.all([
          remove(admin, association.id, admin.id),
          remove(second, association.id, second.id),
          remove(admin, association.id, second.id),
          t.http().patch(`/api/associations/${association.id}/members/${admin.id}`).set('Authorization', second.auth).send({ role: 'member' }),
        ]);
        expect(responses.filter((r) => r.status === 204).length).toBeGreaterThanOrEqual(1);
        const admins = (await membershipsOf(association.id)).filter((m) => m.role === 'admin');
        expect(admins).toHaveLength(1);
        expect(await adminCountOf(association.id)).toBe(1);
        expect((await membershipsOf(association.id)).some((m) => String(m.userId) === member.id)).toBe(true);
      }
    });

    it('answers 403 to a member removing someone else, 404 to an outsider and for a non-member', async () => {
      const { admin, member, outsider, association } = await team();
      await remove(member, association.id, admin.id).expect(403);
      await remove(outsider, association.id, member.id).expect(404);
      await remove(outsider, association.id, outsider.id).expect(404);
      await remove(admin, association.id, outsider.id).expect(404);
    });

    it('answers 401 without a token', async () => {
      await t.http().delete(`/api/associations/${unknownId()}/members/${unknownId()}`).expect(401);
    });
  });

  describe('POST /api/associations/:id/invitations', () => {
    it('makes a single-use token, shown once and stored hashed, valid 7 days', async () => {
      const { admin, association } = await team();
      const before = Date.now();
      const response = await t
        .http()
        .post(`/api/associations/${association.id}/invitations`)
        .set('Authorization', admin.auth)
        .send({ email: ' Sam@Example.org ', role: 'admin' })
        .expect(201);
      expect(response.body).toMatchObject({ id: expect.any(String), role: 'admin', email: 'sam@example.org', associationId: association.id });
      expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const expiresAt = new Date(response.body.expiresAt).getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + 7 * 24 * 3600 * 1000 - 1000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 7 * 24 * 3600 * 1000 + 1000);
      const stored = await t.db.collection('association_invitations').findOne({ _id: oid(response.body.id) });
      expect(stored?.tokenHash).toBe(sha256(response.body.token));
      expect(JSON.stringify(stored)).not.toContain(response.body.token);
    });

    it.each([
      ['a missing role', { email: 'a@example.org' }, 'role'],
      ['an unknown role', { role: 'owner' }, 'role'],
      ['a malformed email', { role: 'member', email: 'nope' }, 'email'],
      ['an unknown field', { role: 'member', expiresAt: '2100-01-01' }, 'expiresAt'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const { admin, association } = await team();
      const response = await t.http().post(`/api/associations/${association.id}/invitations`).set('Authorization', admin.auth).send(body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('answers 403 to a plain member and 404 to an outsider', async () => {
      const { member, outsider, association } = await team();
      await t.http().post(`/api/associations/${association.id}/invitations`).set('Authorization', member.auth).send({ role: 'member' }).expect(403);
      await t.http().post(`/api/associations/${association.id}/invitations`).set('Authorization', outsider.auth).send({ role: 'member' }).expect(404);
    });

    it('answers 401 without a token', async () => {
      await t.http().post(`/api/associations/${unknownId()}/invitations`).send({ role: 'member' }).expect(401);
    });
  });

  describe('GET /api/associations/:id/invitations', () => {
    it('lists pending invitations only, without tokens', async () => {
      const { admin, member, association } = await team();
      const pending = await makeInvitation(t, admin, association.id, { email: 'pending@example.org' });
      const used = await makeInvitation(t, admin, association.id);
      await acceptInvitation(t, await makeUser(t), used.token).expect(200);
      const revoked = await makeInvitation(t, admin, association.id);
      await t.http().delete(`/api/associations/${association.id}/invitations/${revoked.id}`).set('Authorization', admin.auth).expect(204);
      const expired = await makeInvitation(t, admin, association.id);
      await t.db.collection('association_invitations').updateOne({ _id: oid(expired.id) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      // The invitation made by the team factory was used by `member`.
      void member;

      const response = await t.http().get(`/api/associations/${association.id}/invitations`).set('Authorization', admin.auth).expect(200);
      expect(response.body.items).toEqual([expect.objectContaining({ id: pending.id, email: 'pending@example.org', role: 'member' })]);
      expect(response.body.nextCursor).toBeNull();
      expect(JSON.stringify(response.body)).not.toMatch(/token/i);
    });

    it('answers 403 to a plain member, 404 to an outsider, 400 for an unknown query parameter', async () => {
      const { admin, member, outsider, association } = await team();
      await t.http().get(`/api/associations/${association.id}/invitations`).set('Authorization', member.auth).expect(403);
      await t.http().get(`/api/associations/${association.id}/invitations`).set('Authorization', outsider.auth).expect(404);
      await t.http().get(`/api/associations/${association.id}/invitations?all=1`).set('Authorization', admin.auth).expect(400);
    });

    it('answers 401 without a token', async () => {
      await t.http().get(`/api/associations/${unknownId()}/invitations`).expect(401);
    });
  });

  describe('DELETE /api/associations/:id/invitations/:invitationId', () => {
    const revoke = (user: TestUser, associationId: string, invitationId: string) =>
      t.http().delete(`/api/associations/${associationId}/invitations/${invitationId}`).set('Authorization', user.auth);

    it('revokes: the token stops working (410), revoking again is harmless', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      await revoke(admin, association.id, invitation.id).expect(204);
      await revoke(admin, association.id, invitation.id).expect(204);
      const response = await acceptInvitation(t, await makeUser(t), invitation.token).expect(410);
      expect(response.body).toMatchObject({ status: 410, code: 'invitation_revoked' });
    });

    it('answers 409 for an invitation already accepted', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      await acceptInvitation(t, await makeUser(t), invitation.token).expect(200);
      await revoke(admin, association.id, invitation.id).expect(409);
    });

    it('answers 403 to a plain member, 404 to an outsider and for an invitation of another association', async () => {
      const { admin, member, outsider, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      await revoke(member, association.id, invitation.id).expect(403);
      await revoke(outsider, association.id, invitation.id).expect(404);
      const elsewhere = await makeAssociation(t, admin);
      await revoke(admin, elsewhere.id, invitation.id).expect(404);
      await revoke(admin, association.id, unknownId()).expect(404);
    });

    it('answers 401 without a token', async () => {
      await t.http().delete(`/api/associations/${unknownId()}/invitations/${unknownId()}`).expect(401);
    });
  });

  describe('POST /api/invitations/:token/accept', () => {
    it('makes me a member with the invited role', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id, { role: 'admin' });
      const newcomer = await makeUser(t);
      const response = await acceptInvitation(t, newcomer, invitation.token).expect(200);
      expect(response.body).toMatchObject({ role: 'admin', association: { id: association.id, name: association.name, myRole: 'admin' } });
      expect((await membershipsOf(association.id)).find((m) => String(m.userId) === newcomer.id)?.role).toBe('admin');
      expect(await adminCountOf(association.id)).toBe(2);
      const stored = await t.db.collection('association_invitations').findOne({ _id: oid(invitation.id) });
      expect(stored).toMatchObject({ usedBy: oid(newcomer.id), usedAt: expect.any(Date) });
    });

    it('is single-use (410 the second time)', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      await acceptInvitation(t, await makeUser(t), invitation.token).expect(200);
      const response = await acceptInvitation(t, await makeUser(t), invitation.token).expect(410);
      expect(response.body).toMatchObject({ code: 'invitation_used' });
    });

    it('only lets the addressed email accept it', async () => {
      const { admin, association } = await team();
      const addressee = await makeUser(t);
      const invitation = await makeInvitation(t, admin, association.id, { email: addressee.email.toUpperCase() });
      await acceptInvitation(t, await makeUser(t), invitation.token).expect(403);
      await acceptInvitation(t, addressee, invitation.token).expect(200);
    });

    it('answers 410 once expired', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      await t.db.collection('association_invitations').updateOne({ _id: oid(invitation.id) }, { $set: { expiresAt: new Date(Date.now() - 1) } });
      const response = await acceptInvitation(t, await makeUser(t), invitation.token).expect(410);
      expect(response.body).toMatchObject({ code: 'invitation_expired' });
    });

    it('answers 409 to a member, without spending the invitation', async () => {
      const { admin, member, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      const response = await acceptInvitation(t, member, invitation.token).expect(409);
      expect(response.body).toMatchObject({ code: 'already_member' });
      await acceptInvitation(t, await makeUser(t), invitation.token).expect(200);
    });

    it('answers 404 for an unknown or malformed token', async () => {
      const user = await makeUser(t);
      await acceptInvitation(t, user, 'A'.repeat(43)).expect(404);
      await acceptInvitation(t, user, 'short').expect(404);
    });

    it('makes exactly one membership when the same person accepts ten times at once', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id);
      const newcomer = await makeUser(t);
      const responses = await Promise.all(Array.from({ length: 10 }, () => acceptInvitation(t, newcomer, invitation.token)));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.every((r) => [200, 409, 410].includes(r.status))).toBe(true);
      expect((await membershipsOf(association.id)).filter((m) => String(m.userId) === newcomer.id)).toHaveLength(1);
    });

    it('makes exactly one membership when ten people accept one invitation at once', async () => {
      const { admin, association } = await team();
      const invitation = await makeInvitation(t, admin, association.id, { role: 'admin' });
      const people = await Promise.all(Array.from({ length: 10 }, () => makeUser(t)));
      const responses = await Promise.all(people.map((person) => acceptInvitation(t, person, invitation.token)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 410, 410, 410, 410, 410, 410, 410, 410, 410]);
      expect(await membershipsOf(association.id)).toHaveLength(3);
      expect(await adminCountOf(association.id)).toBe(2);
    });

    it('makes one membership when one person accepts two invitations at once', async () => {
      const { admin, association } = await team();
      const first = await makeInvitation(t, admin, association.id);
      const second = await makeInvitation(t, admin, association.id);
      const newcomer = await makeUser(t);
      const responses = await Promise.all([acceptInvitation(t, newcomer, first.token), acceptInvitation(t, newcomer, second.token)]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await membershipsOf(association.id)).filter((m) => String(m.userId) === newcomer.id)).toHaveLength(1);
      // The losing invitation is handed back unused.
      const pending = await t.http().get(`/api/associations/${association.id}/invitations`).set('Authorization', admin.auth).expect(200);
      expect(pending.body.items).toHaveLength(1);
    });

    it('answers 401 without a token', async () => {
      await t
        .http()
        .post(`/api/invitations/${'A'.repeat(43)}/accept`)
        .expect(401);
    });
  });

  describe('GET /api/docs-json', () => {
    it('documents every associations route', async () => {
      const response = await t.http().get('/api/docs-json').expect(200);
      const paths = response.body.paths as Record<string, Record<string, unknown>>;
      expect(Object.keys(paths['/api/associations'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(paths['/api/associations/mine'])).toEqual(['get']);
      expect(Object.keys(paths['/api/associations/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
      expect(Object.keys(paths['/api/associations/{id}/members'])).toEqual(['get']);
      expect(Object.keys(paths['/api/associations/{id}/members/{userId}'])).toEqual(expect.arrayContaining(['patch', 'delete']));
      expect(Object.keys(paths['/api/associations/{id}/invitations'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(paths['/api/associations/{id}/invitations/{invitationId}'])).toEqual(['delete']);
      expect(Object.keys(paths['/api/invitations/{token}/accept'])).toEqual(['post']);
    });
  });

  describe('my data (GET /api/me/export, DELETE /api/me)', () => {
    it('exports my memberships', async () => {
      const { member, association } = await team();
      const response = await t.http().get('/api/me/export').set('Authorization', member.auth).expect(200);
      expect(response.body.associations.memberships).toEqual([
        expect.objectContaining({ associationId: association.id, associationName: association.name, role: 'member' }),
      ]);
    });

    it('hands the last admin role to the longest-standing member when the admin deletes their account', async () => {
      const { admin, member, association } = await team();
      const later = await makeUser(t);
      await addMember(t, admin, association.id, later);
      await t.http().delete('/api/me').set('Authorization', admin.auth).expect(204);
      const memberships = await membershipsOf(association.id);
      expect(memberships.map((m) => [String(m.userId), m.role])).toEqual(
        expect.arrayContaining([
          [member.id, 'admin'],
          [later.id, 'member'],
        ]),
      );
      expect(memberships).toHaveLength(2);
      expect(await adminCountOf(association.id)).toBe(1);
      const stored = await t.db.collection('associations').findOne({ _id: oid(association.id) });
      expect(stored?.createdBy).toBeNull();
      await t.http().get(`/api/associations/${association.id}`).set('Authorization', member.auth).expect(200);
    });

    it('leaves an admin when both admins delete their accounts at once', async () => {
      const { admin, member, association } = await team();
      const second = await makeUser(t);
      await addMember(t, admin, association.id, second, 'admin');
      await Promise.all([
        t.http().delete('/api/me').set('Authorization', admin.auth).expect(204),
        t.http().delete('/api/me').set('Authorization', second.auth).expect(204),
      ]);
      const memberships = await membershipsOf(association.id);
      expect(memberships.map((m) => [String(m.userId), m.role])).toEqual([[member.id, 'admin']]);
      expect(await adminCountOf(association.id)).toBe(1);
    });

    it('keeps an association whose only member deletes their account', async () => {
      const loner = await makeUser(t);
      const association = await makeAssociation(t, loner);
      await t.http().delete('/api/me').set('Authorization', loner.auth).expect(204);
      expect(await membershipsOf(association.id)).toHaveLength(0);
      expect(await t.db.collection('associations').countDocuments({ _id: oid(association.id) })).toBe(1);
    });
  });
});
