import type { ActivityView, DecisionView } from '@maillage/contract';
import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { makeQueryClient } from '@/test/factories';
import { applyActivity } from '@/features/realtime/api/apply-activity';
import { decisionKeys, sortDecisions, type Decision } from './decisions';
import { decisionActivityText, longDateTime, timeLeft } from './decision-text';

const makeDecision = (overrides: Partial<DecisionView> = {}): DecisionView => ({
  id: 'd1',
  projectId: 'p1',
  title: 'Budget 2026',
  body: null,
  kind: 'yes_no',
  options: [],
  closesAt: '2026-06-01T16:00:00.000Z',
  status: 'open',
  electorate: ['a1', 'a2'],
  votes: [],
  missing: ['a1', 'a2'],
  outcome: null,
  createdBy: 'u1',
  createdAt: '2026-05-01T10:00:00.000Z',
  closedAt: null,
  closedBy: null,
  ...overrides,
});

const activity = (type: string, data: object) =>
  ({ projectId: 'p1', seq: 1, type, actorId: 'u1', at: '2026-05-02T10:00:00.000Z', data }) as unknown as ActivityView;
const names = new Map([['a1', 'La Salle des Tilleuls']]);
const t = i18n.getFixedT('fr');

describe('decision words', () => {
  it('says what each step did, in plain French', () => {
    const vote = { associationId: 'a1', choice: 'yes', comment: null, castBy: 'u1', castAt: '2026-05-02T10:00:00.000Z' };
    expect(decisionActivityText(t, activity('decision.voted', { decision: makeDecision(), vote }), 'Amina', names)).toBe(
      'La Salle des Tilleuls a voté pour « Budget 2026 »',
    );
    const closed = makeDecision({ status: 'closed', outcome: { result: 'adopted', option: null, counts: {}, voters: 2, electorate: 2 } });
    expect(decisionActivityText(t, activity('decision.closed', { decision: closed }), 'Amina', names)).toBe('Décision adoptée : « Budget 2026 »');
    expect(decisionActivityText(t, activity('decision.opened', { decision: makeDecision() }), 'Amina', names)).toBe(
      'Amina propose une décision : « Budget 2026 »',
    );
    expect(decisionActivityText(t, activity('task.created', {}), 'Amina', names)).toBeNull();
  });

  it('writes the first of the month as French people do, and the time left in whole units', () => {
    expect(longDateTime('2026-06-01T16:00:00.000Z', 'fr', new Date('2026-05-01T00:00:00Z'))).toBe('1er juin à 18:00');
    const now = new Date('2026-05-29T16:00:00.000Z').getTime();
    expect(timeLeft('2026-06-01T16:00:00.000Z', now, 'fr')).toBe('dans 3 jours');
    expect(timeLeft('2026-05-29T21:00:00.000Z', now, 'fr')).toBe('dans 5 heures');
    expect(timeLeft('2026-05-29T16:12:00.000Z', now, 'fr')).toBe('dans 12 minutes');
  });
});

describe('decisions cache', () => {
  it('puts open decisions first, soonest to close first', () => {
    const sorted = sortDecisions([
      makeDecision({ id: 'ended', status: 'closed', closedAt: '2026-05-10T00:00:00.000Z' }),
      makeDecision({ id: 'late', closesAt: '2026-07-01T00:00:00.000Z' }),
      makeDecision({ id: 'soon', closesAt: '2026-06-01T00:00:00.000Z' }),
    ]);
    expect(sorted.map((decision) => decision.id)).toEqual(['soon', 'late', 'ended']);
  });

  it('follows decision activities live in the list and the page', () => {
    const client = makeQueryClient();
    client.setQueryData(decisionKeys.list('p1'), [makeDecision()]);
    const voted = makeDecision({
      votes: [{ associationId: 'a1', choice: 'yes', comment: null, castBy: 'u1', castAt: '2026-05-02T10:00:00.000Z' }],
      missing: ['a2'],
    });
    applyActivity(client, 'p1', activity('decision.voted', { decision: voted, vote: voted.votes[0] }) as never);
    expect(client.getQueryData<Decision[]>(decisionKeys.list('p1'))).toEqual([voted]);
    expect(client.getQueryData(decisionKeys.one('p1', 'd1'))).toEqual(voted);
    const other = makeDecision({ id: 'd2', title: 'Autre' });
    applyActivity(client, 'p1', activity('decision.opened', { decision: other }) as never);
    expect(client.getQueryData<Decision[]>(decisionKeys.list('p1'))!.map((decision) => decision.id)).toEqual(['d1', 'd2']);
  });
});
