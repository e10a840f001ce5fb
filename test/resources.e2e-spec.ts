import { Types } from 'mongoose';
import { makeUser, TestUser } from './factories';
import { makeResource, seedAssociation, seedProject, seedTeam, slot } from './factories/resources';
import { createTestApp, TestApp } from './setup/test-app';

describe('Resources (e2e)', () => {
  let t: TestApp;
  let owner: { id: string; admin: TestUser; member: TestUser };
  let partner: { id: string; admin: TestUser; member: TestUser };
  let stranger: { id: string; admin: TestUser; member: TestUser };
  let loner: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await seedTeam(t);
    partner = await seedTeam(t);
    stranger = await seedTeam(t);
    loner = await makeUser(t);
    await seedProject(t, [{ associationId: owner.id }, { associationId: partner.id }]);
    // A stranger shares only an archived project and an invitation with the owner: not a partner.
    await seedProject(t, [{ associationId: owner.id }, { associationId: stranger.id }], 'archived');
    await seedProject(t, [{ associationId: owner.id }, { associationId: stranger.id, status: 'invited' }]);
  });

  afterAll(async () => {
    await t.close();
  });

  const get = (user: TestUser | null, path: string) => {
    const call = t.http().get(path);
    return user ? call.set('Authorization', user.auth) : call;
  };

  describe('POST /api/associations/:id/resources', () => {
    it('creates a resource owned by the association', async () => {
      const response = await t
        .http()
        .post(`/api/associations/${owner.id}/resources`)
        .set('Authorization', owner.admin.auth)
        .send({
          kind: 'premise',
          name: 'Salle des fêtes Élise',
          description: 'Grande salle avec cuisine',
          capacity: 120,
          address: '3 rue de la Paix, Marseille',
          rules: 'Rendre la salle propre',
          stepFreeAccess: true,
          accessibilityNotes: 'Rampe côté cour',
          sharing: 'partners',
          openingHours: [
            { day: 'tue', opens: '18:00', closes: '22:00' },
            { day: 6, opens: '09:00', closes: '00:00' },
          ],
        })
        .expect(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        associationId: owner.id,
        kind: 'premise',
        quantity: 1,
        requiresApproval: true,
        stepFreeAccess: true,
        status: 'active',
        openingHours: [
          { day: 2, opens: '18:00', closes: '22:00' },
          { day: 6, opens: '09:00', closes: '00:00' },
        ],
        version: 1,
      });
      expect(response.body._id).toBeUndefined();
      const stored = await t.db.collection('resources').findOne({ _id: new Types.ObjectId(response.body.id) });
      expect(stored?.searchText).toContain('salle des fetes elise');
    });

    it('answers 400 on bad fields', async () => {
      const response = await t
        .http()
        .post(`/api/associations/${owner.id}/resources`)
        .set('Authorization', owner.admin.auth)
        .send({ kind: 'boat', name: '', sharing: 'everyone', openingHours: [{ day: 9, opens: '25:00', closes: '10:00' }], colour: 'red' })
        .expect(400);
      const fields = response.body.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['kind', 'name', 'sharing', 'openingHours.0.day', 'openingHours.0.opens', 'colour']));
      const premise = await t
        .http()
        .post(`/api/associations/${owner.id}/resources`)
        .set('Authorization', owner.admin.auth)
        .send({ kind: 'premise', name: 'Salle', sharing: 'private', quantity: 2 })
        .expect(400);
      expect(premise.body.errors).toEqual([{ field: 'quantity', message: expect.any(String) }]);
    });

    it('answers 401 without a token, 403 to a member, 404 to an outsider', async () => {
      const body = { kind: 'equipment', name: 'Sono', sharing: 'network' };
      await t.http().post(`/api/associations/${owner.id}/resources`).send(body).expect(401);
      await t.http().post(`/api/associations/${owner.id}/resources`).set('Authorization', owner.member.auth).send(body).expect(403);
      await t.http().post(`/api/associations/${owner.id}/resources`).set('Authorization', stranger.admin.auth).send(body).expect(404);
    });
  });

  describe('GET /api/resources/:id', () => {
    it('shows a private resource to the owner’s members only', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { sharing: 'private' });
      await get(owner.member, `/api/resources/${resource.id}`).expect(200);
      await get(partner.member, `/api/resources/${resource.id}`).expect(404);
    });

    it('shows a partners resource to active partners of a live common project only', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { sharing: 'partners' });
      const seen = await get(partner.member, `/api/resources/${resource.id}`).expect(200);
      expect(seen.body.sharing).toBe('partners');
      await get(stranger.member, `/api/resources/${resource.id}`).expect(404);
    });

    it('shows a network resource to members of any association, not to a user without one', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { sharing: 'network' });
      await get(stranger.member, `/api/resources/${resource.id}`).expect(200);
      await get(loner, `/api/resources/${resource.id}`).expect(404);
    });

    it('answers 401 without a token and 404 for an unknown or malformed id', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      await get(null, `/api/resources/${resource.id}`).expect(401);
      await get(owner.admin, `/api/resources/${new Types.ObjectId()}`).expect(404);
      await get(owner.admin, '/api/resources/not-an-id').expect(404);
    });
  });

  describe('PATCH /api/resources/:id', () => {
    it('updates fields and bumps the version', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 4 });
      const response = await t
        .http()
        .patch(`/api/resources/${resource.id}`)
        .set('Authorization', owner.admin.auth)
        .send({ name: 'Tables pliantes', quantity: 6, storagePlace: 'Cave B', requiresApproval: false, version: 1 })
        .expect(200);
      expect(response.body).toMatchObject({ name: 'Tables pliantes', quantity: 6, storagePlace: 'Cave B', requiresApproval: false, version: 2 });
    });

    it('answers 409 with current on a stale version', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).send({ name: 'A', version: 1 }).expect(200);
      const stale = await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).send({ name: 'B', version: 1 }).expect(409);
      expect(stale.body.current).toMatchObject({ name: 'A', version: 2 });
    });

    it('refuses to lower the quantity below what approved bookings hold (409 conflicts)', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 3, requiresApproval: false });
      await t
        .http()
        .post(`/api/resources/${resource.id}/bookings`)
        .set('Authorization', owner.member.auth)
        .send({ ...slot(5), quantity: 2, requesterAssociationId: owner.id })
        .expect(201);
      const refused = await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).send({ quantity: 1 }).expect(409);
      expect(refused.body.conflicts).toHaveLength(1);
      await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).send({ quantity: 2 }).expect(200);
    });

    it('answers 400, 401, 403 and 404', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { kind: 'premise' });
      const bad = await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).send({ quantity: 3 }).expect(400);
      expect(bad.body.errors[0].field).toBe('quantity');
      await t.http().patch(`/api/resources/${resource.id}`).send({ name: 'x' }).expect(401);
      await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', owner.member.auth).send({ name: 'x' }).expect(403);
      await t.http().patch(`/api/resources/${resource.id}`).set('Authorization', loner.auth).send({ name: 'x' }).expect(404);
    });
  });

  describe('DELETE /api/resources/:id', () => {
    it('deletes a resource without bookings', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      await t.http().delete(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).expect(204);
      expect(await t.db.collection('resources').countDocuments({ _id: new Types.ObjectId(resource.id) })).toBe(0);
    });

    it('archives a resource with bookings, which then leaves the catalogue of others', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { sharing: 'network' });
      await t
        .http()
        .post(`/api/resources/${resource.id}/bookings`)
        .set('Authorization', stranger.member.auth)
        .send({ ...slot(3), requesterAssociationId: stranger.id })
        .expect(201);
      await t.http().delete(`/api/resources/${resource.id}`).set('Authorization', owner.admin.auth).expect(204);
      const stored = await t.db.collection('resources').findOne({ _id: new Types.ObjectId(resource.id) });
      expect(stored?.status).toBe('archived');
      await get(stranger.member, `/api/resources/${resource.id}`).expect(404);
      const mine = await get(owner.member, `/api/resources/${resource.id}`).expect(200);
      expect(mine.body.status).toBe('archived');
    });

    it('answers 401, 403 and 404', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      await t.http().delete(`/api/resources/${resource.id}`).expect(401);
      await t.http().delete(`/api/resources/${resource.id}`).set('Authorization', owner.member.auth).expect(403);
      await t.http().delete(`/api/resources/${resource.id}`).set('Authorization', stranger.admin.auth).expect(403);
      await t.http().delete(`/api/resources/${new Types.ObjectId()}`).set('Authorization', owner.admin.auth).expect(404);
    });
  });

  describe('GET /api/resources', () => {
    // Every resource of this block carries a tag in its name; queries filter on it (q=tag).
    const tag = `lot${Date.now().toString(36)}`;
    let a: { id: string; admin: TestUser; member: TestUser };
    let b: { id: string; admin: TestUser; member: TestUser };
    let van: { id: string };
    let chairs: { id: string };

    beforeAll(async () => {
      a = await seedTeam(t);
      b = await seedTeam(t);
      await seedProject(t, [{ associationId: a.id }, { associationId: b.id }]);
      van = await makeResource(t, a.admin, a.id, { kind: 'vehicle', name: `Camion Renault Master ${tag}`, sharing: 'partners' });
      chairs = await makeResource(t, a.admin, a.id, {
        kind: 'equipment',
        name: `Chaises empilables ${tag}`,
        quantity: 50,
        sharing: 'network',
        requiresApproval: false,
      });
      await makeResource(t, a.admin, a.id, { kind: 'premise', name: `Bureau privé ${tag}`, sharing: 'private' });
      const c = await makeUser(t);
      const cId = await seedAssociation(t, c);
      await makeResource(t, c, cId, { kind: 'equipment', name: `Vidéoprojecteur ${tag}`, sharing: 'private' });
    });

    const catalogue = (user: TestUser, query = '') =>
      t
        .http()
        .get(`/api/resources${query ? `${query}&` : '?'}q=${tag}`)
        .set('Authorization', user.auth);

    it('lists what I may see', async () => {
      const forOwner = await catalogue(a.member).expect(200);
      expect(forOwner.body.items.map((item: { name: string }) => item.name).sort()).toEqual([
        `Bureau privé ${tag}`,
        `Camion Renault Master ${tag}`,
        `Chaises empilables ${tag}`,
      ]);
      expect(forOwner.body.nextCursor).toBeNull();
      const forPartner = await catalogue(b.member).expect(200);
      expect(forPartner.body.items.map((item: { id: string }) => item.id).sort()).toEqual([van.id, chairs.id].sort());
    });

    it('shows a change of a resource at once (the catalogue copy follows every write)', async () => {
      const lamp = await makeResource(t, a.admin, a.id, { kind: 'equipment', name: `Lampe ${tag}`, sharing: 'network' });
      expect((await catalogue(b.member).expect(200)).body.items.map((item: { id: string }) => item.id)).toContain(lamp.id);
      const patched = await t.http().patch(`/api/resources/${lamp.id}`).set('Authorization', a.admin.auth).send({ sharing: 'private' }).expect(200);
      expect(patched.body.sharing).toBe('private');
      expect((await catalogue(b.member).expect(200)).body.items.map((item: { id: string }) => item.id)).not.toContain(lamp.id);
      await t.http().delete(`/api/resources/${lamp.id}`).set('Authorization', a.admin.auth).expect(204);
      expect((await catalogue(a.member).expect(200)).body.items.map((item: { id: string }) => item.id)).not.toContain(lamp.id);
    });

    it('filters by kind and by words, accents aside', async () => {
      const vehicles = await catalogue(b.member, '?kind=vehicle').expect(200);
      expect(vehicles.body.items.map((item: { id: string }) => item.id)).toEqual([van.id]);
      const words = await t.http().get(`/api/resources?q=chaises%20EMPILABLES%20${tag}`).set('Authorization', a.member.auth).expect(200);
      expect(words.body.items.map((item: { id: string }) => item.id)).toEqual([chairs.id]);
      const accents = await t.http().get(`/api/resources?q=PRIVE%20${tag}`).set('Authorization', a.member.auth).expect(200);
      expect(accents.body.items).toHaveLength(1);
    });

    it('computes what is free during all of [from, to) and filters by quantity', async () => {
      const day = slot(20, 4);
      const first = new Date(day.start);
      const hour = (h: number) => new Date(first.getTime() + h * 3600_000).toISOString();
      // 30 chairs 0h-2h, 15 chairs 1h-3h: 45 held at the peak, 5 free over [0h, 4h).
      await t
        .http()
        .post(`/api/resources/${chairs.id}/bookings`)
        .set('Authorization', b.member.auth)
        .send({ start: hour(0), end: hour(2), quantity: 30, requesterAssociationId: b.id })
        .expect(201);
      await t
        .http()
        .post(`/api/resources/${chairs.id}/bookings`)
        .set('Authorization', b.member.auth)
        .send({ start: hour(1), end: hour(3), quantity: 15, requesterAssociationId: b.id })
        .expect(201);
      const window = `?from=${encodeURIComponent(hour(0))}&to=${encodeURIComponent(hour(4))}`;
      const all = await catalogue(b.member, window).expect(200);
      const byId = new Map(all.body.items.map((item: { id: string; available: number }) => [item.id, item.available]));
      expect(byId.get(chairs.id)).toBe(5);
      expect(byId.get(van.id)).toBe(1);
      const later = await catalogue(b.member, `?from=${encodeURIComponent(hour(2))}&to=${encodeURIComponent(hour(4))}`).expect(200);
      expect(later.body.items.find((item: { id: string }) => item.id === chairs.id).available).toBe(35);
      const enough = await catalogue(b.member, `${window}&quantity=6`).expect(200);
      expect(enough.body.items.map((item: { id: string }) => item.id)).toEqual([]);
      const five = await catalogue(b.member, `${window}&quantity=5`).expect(200);
      expect(five.body.items.map((item: { id: string }) => item.id)).toEqual([chairs.id]);
    });

    it('pages with limit and cursor', async () => {
      const first = await catalogue(a.member, '?limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await catalogue(a.member, `?limit=2&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers 400 on bad parameters and 401 without a token', async () => {
      const onlyFrom = await catalogue(a.member, `?from=${encodeURIComponent(slot(1).start)}`).expect(400);
      expect(onlyFrom.body.errors[0].field).toBe('to');
      const unknown = await catalogue(a.member, '?colour=red').expect(400);
      expect(unknown.body.errors[0].field).toBe('colour');
      const noWindow = await catalogue(a.member, '?quantity=2').expect(400);
      expect(noWindow.body.errors[0].field).toBe('quantity');
      await catalogue(a.member, '?kind=boat').expect(400);
      await catalogue(a.member, '?cursor=nonsense').expect(400);
      await t.http().get('/api/resources').expect(401);
    });

    it('answers an empty catalogue to a user without an association', async () => {
      const loner2 = await makeUser(t);
      const response = await t.http().get('/api/resources').set('Authorization', loner2.auth).expect(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('GET /api/resources/:id/bookings', () => {
    it('shows owners everything and others busy slots only', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { sharing: 'network', quantity: 2 });
      const window = slot(7);
      const approved = await t
        .http()
        .post(`/api/resources/${resource.id}/bookings`)
        .set('Authorization', partner.member.auth)
        .send({ ...window, note: 'Fête des voisins', requesterAssociationId: partner.id })
        .expect(201);
      await t.http().post(`/api/bookings/${approved.body.id}/approve`).set('Authorization', owner.admin.auth).expect(200);
      await t
        .http()
        .post(`/api/resources/${resource.id}/bookings`)
        .set('Authorization', partner.member.auth)
        .send({ ...window, requesterAssociationId: partner.id })
        .expect(201);
      const query = `?from=${encodeURIComponent(slot(6).start)}&to=${encodeURIComponent(slot(8).start)}`;
      const forOwner = await get(owner.member, `/api/resources/${resource.id}/bookings${query}`).expect(200);
      expect(forOwner.body.items).toHaveLength(2);
      expect(forOwner.body.items[0]).toMatchObject({ requesterAssociationId: partner.id });
      const forStranger = await get(stranger.member, `/api/resources/${resource.id}/bookings${query}`).expect(200);
      expect(forStranger.body.items).toEqual([
        { id: approved.body.id, resourceId: resource.id, start: window.start, end: window.end, quantity: 1, status: 'approved' },
      ]);
      const outside = await get(owner.member, `/api/resources/${resource.id}/bookings?from=${encodeURIComponent(slot(30).start)}`).expect(200);
      expect(outside.body.items).toEqual([]);
    });

    it('answers 400, 401 and 404', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { sharing: 'private' });
      const bad = await get(owner.member, `/api/resources/${resource.id}/bookings?from=yesterday`).expect(400);
      expect(bad.body.errors[0].field).toBe('from');
      await get(null, `/api/resources/${resource.id}/bookings`).expect(401);
      await get(partner.member, `/api/resources/${resource.id}/bookings`).expect(404);
    });
  });
});
