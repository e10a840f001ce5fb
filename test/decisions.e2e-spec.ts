import type { DecisionView } from '@maillage/contract';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { addMember, addPartner, makeUser, TestUser } from './factories';
import { makeSide, makeWorld, ProjectWorld, TestSide } from './factories/projects';
import { connect, record } from './factories/realtime';
import { request as socketRequest } from './factories/realtime';
import { useTwoInstances } from './setup/hooks';
import { createTestApp, TestApp } from './setup/test-app';
import { DecisionClosing } from '../src/decisions/decision-closing.service';

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Five active partners (the coordinator among them), each with two admins. */
interface Council {
  world: ProjectWorld;
  sides: (TestSide & { admin2: TestUser })[];
}

async function makeCouncil(t: TestApp): Promise<Council> {
  const world = await makeWorld(t);
  const extra = await Promise.all(['Salle des Tilleuls', 'Amicale des locataires', 'Jardin partagé'].map((label) => makeSide(t, label)));
  for (const side of extra) await addPartner(t, world.coordinator.admin, world.project.id, side.admin, side.id);
  const sides = await Promise.all(
    [world.coordinator, world.partner, ...extra].map(async (side) => {
      const admin2 = await makeUser(t, { displayName: `${side.name} admin 2` });
      await addMember(t, side.admin, side.id, admin2, 'admin');
      return { ...side, admin2 };
    }),
  );
  return { world, sides };
}

const api = (t: TestApp) => ({
  propose: (user: TestUser, projectId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/projects/${projectId}/decisions`).set('Authorization', user.auth).send(body),
  get: (user: TestUser, id: string) => t.http().get(`/api/decisions/${id}`).set('Authorization', user.auth),
  vote: (user: TestUser, id: string, body: Record<string, unknown>) => t.http().post(`/api/decisions/${id}/vote`).set('Authorization', user.auth).send(body),
  close: (user: TestUser, id: string) => t.http().post(`/api/decisions/${id}/close`).set('Authorization', user.auth).send({}),
  withdraw: (user: TestUser, id: string) => t.http().post(`/api/decisions/${id}/withdraw`).set('Authorization', user.auth).send({}),
});

const activitiesOf = (t: TestApp, projectId: string, type: string) =>
  t.db
    .collection('activities')
    .find({ projectId: new Types.ObjectId(projectId), type })
    .sort({ seq: 1 })
    .toArray();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('Decisions (e2e)', () => {
  let t: TestApp;
  let c: Council;
  let d: ReturnType<typeof api>;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestApp();
    c = await makeCouncil(t);
    d = api(t);
    projectId = c.world.project.id;
  });

  afterAll(async () => {
    await t.close();
  });

  const consent = (title = 'Adopter la charte v2', closesAt = inSeconds(3600)) => ({ title, kind: 'consent', closesAt });

  describe('POST /api/projects/:id/decisions', () => {
    it('opens a decision whose electorate is the active partners now, and logs it', async () => {
      const response = await d.propose(c.sides[1].admin, projectId, { ...consent(), body: 'Voir le texte joint' }).expect(201);
      const decision: DecisionView = response.body;
      expect(decision).toMatchObject({
        status: 'open',
        kind: 'consent',
        options: [],
        outcome: null,
        votes: [],
        createdBy: c.sides[1].admin.id,
        body: 'Voir le texte joint',
      });
      expect([...decision.electorate].sort()).toEqual(c.sides.map((side) => side.id).sort());
      expect(decision.electorate).not.toContain(c.world.invited.id);
      expect([...decision.missing].sort()).toEqual([...decision.electorate].sort());
      const logged = await activitiesOf(t, projectId, 'decision.opened');
      expect(logged.map((row) => row.data.decision.id)).toContain(decision.id);
    });

    it('keeps the electorate fixed when a partner joins later', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent()).expect(201)).body as DecisionView;
      const late = await makeSide(t, 'Nouvelle venue');
      await addPartner(t, c.world.coordinator.admin, projectId, late.admin, late.id);
      const read = (await d.get(late.member, decision.id).expect(200)).body as DecisionView;
      expect(read.electorate).not.toContain(late.id);
      await d.vote(late.admin, decision.id, { associationId: late.id, choice: 'consent' }).expect(403);
      await t.http().post(`/api/projects/${projectId}/partners/${late.id}/leave`).set('Authorization', late.admin.auth).send({}).expect(200);
    });

    it('refuses a plain member (403), an outsider (404) and no token (401)', async () => {
      await d.propose(c.sides[1].member, projectId, consent()).expect(403);
      await d.propose(c.world.outsider, projectId, consent()).expect(404);
      await t.http().post(`/api/projects/${projectId}/decisions`).send(consent()).expect(401);
    });

    it.each([
      [{ title: 'Date de la fête', kind: 'choice', options: ['Samedi'] }, 'options'],
      [{ title: 'Date', kind: 'choice', options: ['Samedi', ' samedi '] }, 'options'],
      [{ title: 'Charte', kind: 'consent', options: ['Oui', 'Non'] }, 'options'],
      [{ title: 'Charte', kind: 'vote' }, 'kind'],
      [{ title: '', kind: 'consent' }, 'title'],
    ])('refuses a bad proposal (400 naming the field): %j', async (body, field) => {
      const response = await d.propose(c.sides[0].admin, projectId, { closesAt: inSeconds(3600), ...body }).expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('refuses a closing time in the past or more than a year ahead', async () => {
      for (const closesAt of [inSeconds(-60), inSeconds(400 * 24 * 3600), '2026-13-01T00:00:00Z']) {
        const response = await d.propose(c.sides[0].admin, projectId, { ...consent(), closesAt }).expect(400);
        expect(response.body.errors[0].field).toBe('closesAt');
      }
    });
  });

  describe('GET /api/projects/:id/decisions and GET /api/decisions/:id', () => {
    it('lists open decisions first, soonest to close first, and filters by status', async () => {
      const late = (await d.propose(c.sides[0].admin, projectId, consent('Plus tard', inSeconds(7200))).expect(201)).body;
      const soon = (await d.propose(c.sides[0].admin, projectId, consent('Bientôt', inSeconds(600))).expect(201)).body;
      const ended = (await d.propose(c.sides[0].admin, projectId, consent('Finie')).expect(201)).body;
      await d.close(c.sides[0].admin, ended.id).expect(200);
      const all = (await t.http().get(`/api/projects/${projectId}/decisions`).set('Authorization', c.sides[2].member.auth).expect(200)).body;
      const ids = all.items.map((item: DecisionView) => item.id);
      expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(late.id));
      expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(ended.id));
      const open = (await t.http().get(`/api/projects/${projectId}/decisions?status=open`).set('Authorization', c.sides[2].member.auth).expect(200)).body;
      expect(open.items.every((item: DecisionView) => item.status === 'open')).toBe(true);
      const closed = (await t.http().get(`/api/projects/${projectId}/decisions?status=closed&limit=1`).set('Authorization', c.sides[2].member.auth).expect(200))
        .body;
      expect(closed.items).toHaveLength(1);
      expect(closed.items[0].status).toBe('closed');
    });

    it('answers 404 to an outsider and for an unknown id, 400 for a bad status', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent()).expect(201)).body;
      await d.get(c.world.outsider, decision.id).expect(404);
      await d.get(c.sides[0].member, new Types.ObjectId().toHexString()).expect(404);
      await t.http().get(`/api/projects/${projectId}/decisions`).set('Authorization', c.world.outsider.auth).expect(404);
      await t.http().get(`/api/projects/${projectId}/decisions?status=maybe`).set('Authorization', c.sides[0].member.auth).expect(400);
    });
  });

  describe('POST /api/decisions/:id/vote', () => {
    it('records one voice per association, shows who cast it, replaces it while open, lists the missing', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent()).expect(201)).body;
      const [first, second] = c.sides;
      await d.vote(first.admin, decision.id, { associationId: first.id, choice: 'objection', comment: 'Pas assez de temps' }).expect(200);
      const replaced = (await d.vote(first.admin2, decision.id, { associationId: first.id, choice: 'consent' }).expect(200)).body as DecisionView;
      expect(replaced.votes).toEqual([{ associationId: first.id, choice: 'consent', comment: null, castBy: first.admin2.id, castAt: expect.any(String) }]);
      expect(replaced.missing).not.toContain(first.id);
      expect(replaced.missing).toContain(second.id);
      expect(replaced.missing).toHaveLength(4);
      const logged = await activitiesOf(t, projectId, 'decision.voted');
      expect(logged.filter((row) => row.data.decision.id === decision.id).map((row) => row.data.vote.choice)).toEqual(['objection', 'consent']);
      expect(await t.db.collection('decision_votes').countDocuments({ decisionId: new Types.ObjectId(decision.id) })).toBe(1);
    });

    it('refuses a plain member (403), an admin voting for another association (403), an outsider (404)', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent()).expect(201)).body;
      await d.vote(c.sides[1].member, decision.id, { associationId: c.sides[1].id, choice: 'consent' }).expect(403);
      await d.vote(c.sides[1].admin, decision.id, { associationId: c.sides[2].id, choice: 'consent' }).expect(403);
      await d.vote(c.world.outsider, decision.id, { associationId: c.world.outsiderAssociationId, choice: 'consent' }).expect(404);
      await d.vote(c.world.invited.admin, decision.id, { associationId: c.world.invited.id, choice: 'consent' }).expect(404);
    });

    it('refuses a choice the kind does not have, and an objection without a reason (400)', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent()).expect(201)).body;
      const wrong = await d.vote(c.sides[0].admin, decision.id, { associationId: c.sides[0].id, choice: 'yes' }).expect(400);
      expect(wrong.body.errors[0].field).toBe('choice');
      const bare = await d.vote(c.sides[0].admin, decision.id, { associationId: c.sides[0].id, choice: 'objection', comment: '  ' }).expect(400);
      expect(bare.body.errors[0].field).toBe('comment');
      const choice = (await d.propose(c.sides[0].admin, projectId, { ...consent('Date'), kind: 'choice', options: ['Samedi', 'Dimanche'] }).expect(201)).body;
      await d.vote(c.sides[0].admin, choice.id, { associationId: c.sides[0].id, choice: 'Lundi' }).expect(400);
      await d.vote(c.sides[0].admin, choice.id, { associationId: c.sides[0].id, choice: 'Dimanche' }).expect(200);
    });

    it('keeps one voice per association, whole and last-written, when 10 admins of 5 associations vote at once', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, { ...consent('Budget'), kind: 'yes_no' }).expect(201)).body;
      const ballots = c.sides.flatMap((side, index) => [
        { user: side.admin, body: { associationId: side.id, choice: index % 2 ? 'yes' : 'no', comment: `${side.name} 1` } },
        { user: side.admin2, body: { associationId: side.id, choice: 'abstain', comment: `${side.name} 2` } },
      ]);
      const responses = await Promise.all(ballots.map(({ user, body }) => d.vote(user, decision.id, body)));
      expect(responses.map((response) => response.status)).toEqual(ballots.map(() => 200));

      const view = (await d.get(c.sides[0].member, decision.id).expect(200)).body as DecisionView;
      expect(view.missing).toEqual([]);
      expect(view.votes).toHaveLength(5);
      const voted = await activitiesOf(t, projectId, 'decision.voted');
      const mine = voted.filter((row) => row.data.decision.id === decision.id);
      expect(mine).toHaveLength(10);
      for (const side of c.sides) {
        const vote = view.votes.find((item) => item.associationId === side.id)!;
        const ballot = ballots.find(({ user, body }) => user.id === vote.castBy && body.associationId === side.id)!;
        // Whole: choice, comment and author come from the same ballot, never a mix of two.
        expect(ballot).toBeDefined();
        expect(vote).toMatchObject({ choice: ballot.body.choice, comment: ballot.body.comment });
        // Last write wins: the stored vote is the last one logged for that association.
        const lastLogged = mine.filter((row) => row.data.vote.associationId === side.id).at(-1)!;
        expect(
          await t.db.collection('decision_votes').countDocuments({ decisionId: new Types.ObjectId(decision.id), associationId: new Types.ObjectId(side.id) }),
        ).toBe(1);
        expect(vote).toEqual(lastLogged.data.vote);
      }
      const closed = (await d.close(c.sides[0].admin, decision.id).expect(200)).body as DecisionView;
      expect(closed.votes).toEqual(view.votes);
      expect(closed.outcome!.voters).toBe(5);
    });

    it('answers 409 with the decision as it ended to a vote after closing', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent()).expect(201)).body;
      await d.close(c.sides[0].admin, decision.id).expect(200);
      const late = await d.vote(c.sides[1].admin, decision.id, { associationId: c.sides[1].id, choice: 'objection', comment: 'Trop tard ?' }).expect(409);
      expect(late.body.current).toMatchObject({ id: decision.id, status: 'closed', outcome: { result: 'adopted' } });
      expect(late.body.current.votes).toEqual([]);
    });

    it('never loses nor half-counts a vote racing the close: a 200 is counted, a 409 is not', async () => {
      for (let round = 0; round < 8; round++) {
        const decision = (await d.propose(c.sides[0].admin, projectId, consent(`Course ${round}`)).expect(201)).body;
        await d.vote(c.sides[2].admin, decision.id, { associationId: c.sides[2].id, choice: 'consent' }).expect(200);
        // Who leaves first alternates, the other following a little later each time.
        const lag = (round >> 1) * 2;
        const castVote = () => d.vote(c.sides[1].admin, decision.id, { associationId: c.sides[1].id, choice: 'objection', comment: `Objection ${round}` });
        const closeNow = () => d.close(c.sides[0].admin, decision.id);
        const [vote, close] =
          round % 2 === 0 ? await Promise.all([castVote(), sleep(lag).then(closeNow)]) : await Promise.all([sleep(lag).then(castVote), closeNow()]);
        expect(close.status).toBe(200);
        const final = (await d.get(c.sides[0].member, decision.id).expect(200)).body as DecisionView;
        const counted = final.votes.some((item) => item.associationId === c.sides[1].id);
        if (vote.status === 200) {
          expect(counted).toBe(true);
          expect(final.outcome!.result).toBe('rejected');
        } else {
          expect(vote.status).toBe(409);
          expect(counted).toBe(false);
          expect(final.outcome!.result).toBe('adopted');
          expect(
            await t.db
              .collection('decision_votes')
              .countDocuments({ decisionId: new Types.ObjectId(decision.id), associationId: new Types.ObjectId(c.sides[1].id) }),
          ).toBe(0);
        }
        expect(final).toEqual(close.body);
        const logged = (await activitiesOf(t, projectId, 'decision.voted')).filter((row) => row.data.decision.id === decision.id);
        expect(logged).toHaveLength(vote.status === 200 ? 2 : 1);
        expect((await activitiesOf(t, projectId, 'decision.closed')).filter((row) => row.data.decision.id === decision.id)).toHaveLength(1);
      }
    });
    it('undoes a vote written after the close was tallied, putting back the one it replaced (409)', async () => {
      const closing = t.app.get(DecisionClosing);
      const decision = (await d.propose(c.sides[0].admin, projectId, consent('Clôture entre deux')).expect(201)).body;
      await d.vote(c.sides[1].admin, decision.id, { associationId: c.sides[1].id, choice: 'consent', comment: 'D’accord' }).expect(200);
      // The close lands exactly between the vote's last check and its write.
      const isClaimed = jest.spyOn(closing, 'isClaimed').mockImplementationOnce(async (id) => {
        await closing.claim(id, 'close', c.sides[0].admin.id);
        await closing.finish(id);
        return false;
      });
      try {
        const late = await d.vote(c.sides[1].admin2, decision.id, { associationId: c.sides[1].id, choice: 'objection', comment: 'Finalement non' }).expect(409);
        expect(late.body.current).toMatchObject({ status: 'closed', outcome: { result: 'adopted' } });
      } finally {
        isClaimed.mockRestore();
      }
      const final = (await d.get(c.sides[0].member, decision.id).expect(200)).body as DecisionView;
      expect(final.votes).toEqual([
        expect.objectContaining({ associationId: c.sides[1].id, choice: 'consent', comment: 'D’accord', castBy: c.sides[1].admin.id }),
      ]);
      const row = await t.db.collection('decision_votes').findOne({ decisionId: new Types.ObjectId(decision.id) });
      expect(row).toMatchObject({ choice: 'consent', comment: 'D’accord', pendingActivity: null });
      const voted = (await activitiesOf(t, projectId, 'decision.voted')).filter((item) => item.data.decision.id === decision.id);
      expect(voted).toHaveLength(1);
    });

    it('counts a vote written after the claim but before the tally (200)', async () => {
      const closing = t.app.get(DecisionClosing);
      const decision = (await d.propose(c.sides[0].admin, projectId, consent('Claim puis vote')).expect(201)).body;
      const isClaimed = jest.spyOn(closing, 'isClaimed').mockImplementationOnce(async (id) => {
        await closing.claim(id, 'close', c.sides[0].admin.id);
        return false;
      });
      try {
        const vote = await d.vote(c.sides[2].admin, decision.id, { associationId: c.sides[2].id, choice: 'objection', comment: 'Non' }).expect(200);
        expect(vote.body).toMatchObject({ status: 'closed', outcome: { result: 'rejected', voters: 1 } });
      } finally {
        isClaimed.mockRestore();
      }
      expect((await activitiesOf(t, projectId, 'decision.closed')).filter((item) => item.data.decision.id === decision.id)).toHaveLength(1);
    });
  });

  describe('outcomes', () => {
    it('yes/no: adopted with a quorum of more than half, no_quorum below', async () => {
      const adopted = (await d.propose(c.sides[0].admin, projectId, { ...consent('Oui'), kind: 'yes_no' }).expect(201)).body;
      const votes = ['yes', 'yes', 'no'];
      for (const [index, choice] of votes.entries()) await d.vote(c.sides[index].admin, adopted.id, { associationId: c.sides[index].id, choice }).expect(200);
      expect((await d.close(c.sides[0].admin, adopted.id).expect(200)).body.outcome).toEqual({
        result: 'adopted',
        option: null,
        counts: { yes: 2, no: 1, abstain: 0 },
        voters: 3,
        electorate: 5,
      });
      const few = (await d.propose(c.sides[0].admin, projectId, { ...consent('Peu'), kind: 'yes_no' }).expect(201)).body;
      for (const index of [0, 1]) await d.vote(c.sides[index].admin, few.id, { associationId: c.sides[index].id, choice: 'yes' }).expect(200);
      expect((await d.close(c.sides[0].admin, few.id).expect(200)).body.outcome.result).toBe('no_quorum');
    });

    it('choice: the option with most votes; consent: rejected while an objection stands', async () => {
      const choice = (await d.propose(c.sides[0].admin, projectId, { ...consent('Date'), kind: 'choice', options: ['Samedi', 'Dimanche'] }).expect(201)).body;
      for (const [index, option] of ['Samedi', 'Dimanche', 'Dimanche'].entries()) {
        await d.vote(c.sides[index].admin, choice.id, { associationId: c.sides[index].id, choice: option }).expect(200);
      }
      expect((await d.close(c.sides[0].admin, choice.id).expect(200)).body.outcome).toMatchObject({ result: 'chosen', option: 'Dimanche' });
      const objected = (await d.propose(c.sides[0].admin, projectId, consent('Objection')).expect(201)).body;
      await d.vote(c.sides[3].admin, objected.id, { associationId: c.sides[3].id, choice: 'objection', comment: 'Pas d’accord' }).expect(200);
      expect((await d.close(c.sides[0].admin, objected.id).expect(200)).body.outcome.result).toBe('rejected');
    });
  });

  describe('POST /api/decisions/:id/close and /withdraw', () => {
    it('lets the author or a coordinator admin close early, once; others get 403', async () => {
      const decision = (await d.propose(c.sides[1].admin, projectId, consent()).expect(201)).body;
      await d.close(c.sides[2].admin, decision.id).expect(403);
      await d.close(c.sides[1].member, decision.id).expect(403);
      await d.close(c.world.outsider, decision.id).expect(404);
      const closed = (await d.close(c.world.coordinator.admin, decision.id).expect(200)).body as DecisionView;
      expect(closed).toMatchObject({ status: 'closed', closedBy: c.world.coordinator.admin.id, outcome: { result: 'adopted' } });
      const again = await d.close(c.sides[1].admin, decision.id).expect(409);
      expect(again.body.current).toEqual(closed);
      const logged = (await activitiesOf(t, projectId, 'decision.closed')).filter((row) => row.data.decision.id === decision.id);
      expect(logged).toHaveLength(1);
      expect(String(logged[0].actorId)).toBe(c.world.coordinator.admin.id);
    });

    it('lets only the author withdraw while open; no outcome, and no vote afterwards', async () => {
      const decision = (await d.propose(c.sides[1].admin, projectId, consent()).expect(201)).body;
      await d.withdraw(c.world.coordinator.admin, decision.id).expect(403);
      const withdrawn = (await d.withdraw(c.sides[1].admin, decision.id).expect(200)).body as DecisionView;
      expect(withdrawn).toMatchObject({ status: 'withdrawn', outcome: null, closedBy: c.sides[1].admin.id });
      await d.withdraw(c.sides[1].admin, decision.id).expect(409);
      await d.close(c.sides[1].admin, decision.id).expect(409);
      await d.vote(c.sides[1].admin, decision.id, { associationId: c.sides[1].id, choice: 'consent' }).expect(409);
      expect((await activitiesOf(t, projectId, 'decision.withdrawn')).filter((row) => row.data.decision.id === decision.id)).toHaveLength(1);
    });

    it('closes by itself at closesAt, with no actor, and tells partners live', async () => {
      const socket = await connect(t.url, c.sides[3].member.accessToken);
      try {
        expect(await socketRequest(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
        const live = record<{ type: string; data: { decision?: DecisionView } }>(socket, 'activity');
        const decision = (await d.propose(c.sides[0].admin, projectId, consent('Vite', inSeconds(1.5))).expect(201)).body;
        await d.vote(c.sides[4].admin, decision.id, { associationId: c.sides[4].id, choice: 'consent' }).expect(200);
        const closed = await until(
          async () => (await d.get(c.sides[0].member, decision.id).expect(200)).body as DecisionView,
          (view) => view.status === 'closed',
        );
        expect(closed).toMatchObject({ status: 'closed', closedBy: null, outcome: { result: 'adopted', voters: 1 } });
        await live.until((items) => items.some((item) => item.type === 'decision.closed' && item.data.decision?.id === decision.id));
        expect(live.items.filter((item) => item.data.decision?.id === decision.id).map((item) => item.type)).toEqual([
          'decision.opened',
          'decision.voted',
          'decision.closed',
        ]);
        const logged = (await activitiesOf(t, projectId, 'decision.closed')).filter((row) => row.data.decision.id === decision.id);
        expect(logged.map((row) => row.actorId)).toEqual([null]);
      } finally {
        socket.close();
      }
    });
  });

  describe('the charter and my data', () => {
    it('links a new charter version to the decision that adopted it', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent('Charte v2')).expect(201)).body;
      const early = await t
        .http()
        .put(`/api/projects/${projectId}/charter`)
        .set('Authorization', c.world.coordinator.admin.auth)
        .send({ text: 'Charte v2', decisionId: decision.id });
      expect(early.status).toBe(400);
      await d.close(c.sides[0].admin, decision.id).expect(200);
      const charter = await t
        .http()
        .put(`/api/projects/${projectId}/charter`)
        .set('Authorization', c.world.coordinator.admin.auth)
        .send({ text: 'Charte v2', decisionId: decision.id })
        .expect(200);
      expect(charter.body.decisionId).toBe(decision.id);
      const read = await t.http().get(`/api/projects/${projectId}/charter`).set('Authorization', c.sides[3].member.auth).expect(200);
      expect(read.body.decisionId).toBe(decision.id);
      const unknown = await t
        .http()
        .put(`/api/projects/${projectId}/charter`)
        .set('Authorization', c.world.coordinator.admin.auth)
        .send({ text: 'Charte v3', decisionId: new Types.ObjectId().toHexString() })
        .expect(400);
      expect(unknown.body.errors[0].field).toBe('decisionId');
    });

    it('lists the closed decisions and their outcomes in the funders’ report', async () => {
      const decision = (await d.propose(c.sides[0].admin, projectId, consent('Ouvrir le local le dimanche')).expect(201)).body;
      await d.close(c.sides[0].admin, decision.id).expect(200);
      const response = await t
        .http()
        .get(`/api/projects/${projectId}/report?format=pdf`)
        .set('Authorization', c.sides[2].member.auth)
        .responseType('blob')
        .expect(200);
      const dir = join(__dirname, '..', 'test-output', 'report-decisions');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'bilan.pdf'), response.body as Buffer);
      const { text } = JSON.parse(execFileSync('node', [join(__dirname, 'setup', 'pdf-text.mjs'), join(dir, 'bilan.pdf')]).toString()) as { text: string };
      expect(text).toContain('Décisions partagées');
      expect(text).toMatch(/Ouvrir le local le dimanche[\s\S]*Adoptée/);
    });

    it('exports what I proposed and voted, and forgets me (not my association’s voice) with my account', async () => {
      const leaver = await makeUser(t, { displayName: 'Partante' });
      const side = c.sides[4];
      await addMember(t, side.admin, side.id, leaver, 'admin');
      const decision = (await d.propose(leaver, projectId, consent('Ma proposition')).expect(201)).body;
      await d.vote(leaver, decision.id, { associationId: side.id, choice: 'objection', comment: 'Je ne suis pas d’accord' }).expect(200);
      const exported = (await t.http().get('/api/me/export').set('Authorization', leaver.auth).expect(200)).body;
      expect(exported.decisions.proposed.map((item: DecisionView) => item.id)).toEqual([decision.id]);
      expect(exported.decisions.votes).toEqual([expect.objectContaining({ decisionId: decision.id, associationId: side.id, choice: 'objection' })]);
      await d.close(leaver, decision.id).expect(200);

      await t.http().delete('/api/me').set('Authorization', leaver.auth).expect(204);
      const after = (await d.get(c.sides[0].member, decision.id).expect(200)).body as DecisionView;
      expect(after).toMatchObject({ createdBy: null, closedBy: null, votes: [{ associationId: side.id, choice: 'objection', castBy: null }] });
      expect(after.outcome!.result).toBe('rejected');
      const log = await t.db
        .collection('activities')
        .find({ projectId: new Types.ObjectId(projectId), type: /^decision\./ })
        .toArray();
      expect(JSON.stringify(log)).not.toContain(leaver.id);
      for (const collection of ['decisions', 'decision_votes', 'decision_closings', 'decision_tallies']) {
        expect(JSON.stringify(await t.db.collection(collection).find({}).toArray())).not.toContain(leaver.id);
      }
    });
  });
});

describe('Decisions closing across instances and restarts (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let c: Council;

  useTwoInstances({}, async (first, second) => {
    [a, b] = [first, second];
    c = await makeCouncil(a);
  });

  it('closes once when both instances, the author and a coordinator admin race at closesAt', async () => {
    const projectId = c.world.project.id;
    const da = api(a);
    const db = api(b);
    const decision = (await da.propose(c.sides[1].admin, projectId, { title: 'Course', kind: 'consent', closesAt: inSeconds(1.5) }).expect(201)).body;
    await db.vote(c.sides[2].admin, decision.id, { associationId: c.sides[2].id, choice: 'consent' }).expect(200);
    await sleep(Math.max(0, new Date(decision.closesAt).getTime() - Date.now() - 20));
    const id = new Types.ObjectId(decision.id);
    const [closingA, closingB] = [a.app.get(DecisionClosing), b.app.get(DecisionClosing)];
    const results = await Promise.all([
      closingA.closeAtDeadline(id),
      closingB.closeAtDeadline(id),
      closingA.scan(),
      closingB.scan(),
      da.close(c.sides[1].admin, decision.id),
      db.close(c.world.coordinator.admin, decision.id),
      db.vote(c.sides[3].admin, decision.id, { associationId: c.sides[3].id, choice: 'objection', comment: 'Non' }),
    ]);
    const [closeByAuthor, closeByCoordinator, lateVote] = results.slice(4) as { status: number; body: { current?: DecisionView } & DecisionView }[];
    expect(closeByAuthor.status === 200 && closeByCoordinator.status === 200).toBe(false);
    const final = (await db.get(c.sides[0].member, decision.id).expect(200)).body as DecisionView;
    expect(final.status).toBe('closed');
    expect(final.outcome!.result).toBe(lateVote.status === 200 ? 'rejected' : 'adopted');
    // Any straggler finishing the close would append now: give it time to show.
    await sleep(1_000);
    const closed = await activitiesOf(a, projectId, 'decision.closed');
    expect(closed.filter((row) => row.data.decision.id === decision.id)).toHaveLength(1);
    expect(await a.db.collection('decision_tallies').countDocuments({ _id: id })).toBe(1);
    expect(await a.db.collection('decisions').countDocuments({ _id: id, pendingActivity: { $ne: null } })).toBe(0);
  });

  it('closes on the next start a decision that came due while the app was down', async () => {
    const databaseName = a.db.name;
    const projectId = c.world.project.id;
    const decision = (
      await api(b)
        .propose(c.sides[1].admin, projectId, { title: 'Pendant la panne', kind: 'consent', closesAt: inSeconds(1.5) })
        .expect(201)
    ).body;
    // The app is down at closesAt: neither instance's scheduler runs (b's timer, a's scan).
    a.app.get(DecisionClosing).onModuleDestroy();
    b.app.get(DecisionClosing).onModuleDestroy();
    await sleep(2_000);
    expect((await a.db.collection('decisions').findOne({ _id: new Types.ObjectId(decision.id) }))!.status).toBe('open');

    const restarted = await createTestApp({}, { databaseName });
    try {
      const closed = await until(
        async () => (await api(restarted).get(c.sides[0].member, decision.id).expect(200)).body as DecisionView,
        (view) => view.status === 'closed',
      );
      expect(closed).toMatchObject({ status: 'closed', closedBy: null, outcome: { result: 'adopted' } });
      expect((await activitiesOf(restarted, projectId, 'decision.closed')).filter((row) => row.data.decision.id === decision.id)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });
});
