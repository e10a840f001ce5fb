import type { EventView, ShiftView } from '@maillage/contract';
import { describe, expect, it } from 'vitest';
import { makeActivity, makeQueryClient } from '@/test/factories';
import { applyActivity } from '@/features/realtime/api/apply-activity';
import { applyEventActivity, upsertByVersion } from './event-cache';
import { eventKeys } from './keys';

const event = (overrides: Partial<EventView> = {}): EventView => ({
  id: 'e1',
  projectId: 'p1',
  title: 'Fête du quartier',
  description: '',
  start: '2026-06-20T10:00:00.000Z',
  end: '2026-06-20T18:00:00.000Z',
  location: null,
  resourceId: 'r1',
  resourceName: 'Salle des fêtes',
  booking: { id: 'b1', status: 'pending' },
  expectedAttendance: null,
  isPublic: false,
  organizerAssociationId: 'a1',
  createdBy: 'u1',
  version: 1,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  ...overrides,
});

const shift = (overrides: Partial<ShiftView> = {}): ShiftView => ({
  id: 's1',
  eventId: 'e1',
  projectId: 'p1',
  label: 'Buvette',
  start: '2026-06-20T12:00:00.000Z',
  end: '2026-06-20T14:00:00.000Z',
  needed: 2,
  remaining: 2,
  volunteers: [],
  attendance: [],
  createdBy: 'u1',
  version: 1,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  ...overrides,
});

function cached(shifts: ShiftView[] = [shift()]) {
  const client = makeQueryClient();
  client.setQueryData(eventKeys.list('p1'), [event()]);
  client.setQueryData(eventKeys.detail('p1', 'e1'), event());
  client.setQueryData(eventKeys.shifts('p1', 'e1'), shifts);
  return client;
}

describe(upsertByVersion.name, () => {
  it('inserts by start time and never lets an older version overwrite a newer one', () => {
    const later = shift({ id: 's2', start: '2026-06-20T16:00:00.000Z' });
    const earlier = shift({ id: 's3', start: '2026-06-20T08:00:00.000Z' });
    expect(upsertByVersion([later], earlier)!.map((item) => item.id)).toEqual(['s3', 's2']);
    const newer = shift({ version: 3, remaining: 0 });
    expect(upsertByVersion([newer], shift({ version: 2, remaining: 1 }))).toEqual([newer]);
    expect(upsertByVersion(undefined, newer)).toBeUndefined();
  });
});

describe(applyEventActivity.name, () => {
  it("writes another partner's sign-up into the event's shifts, so '1 / 2' shows without a reload", () => {
    const client = cached();
    const signedUp = shift({ remaining: 1, version: 2, volunteers: [{ userId: 'u2', displayName: 'Karim', associationId: 'a2' }] });
    // through the app's one entry point for activities, as the live session calls it
    applyActivity(client, 'p1', makeActivity({ seq: 5, type: 'shift.signed_up', data: { shift: signedUp } }));
    expect(client.getQueryData<ShiftView[]>(eventKeys.shifts('p1', 'e1'))).toEqual([signedUp]);
    // our own answer arriving late (older version) changes nothing
    applyEventActivity(client, 'p1', makeActivity({ seq: 4, type: 'shift.withdrawn', data: { shift: shift({ version: 1 }) } }));
    expect(client.getQueryData<ShiftView[]>(eventKeys.shifts('p1', 'e1'))![0].remaining).toBe(1);
  });

  it('adds created shifts and removes deleted ones', () => {
    const client = cached();
    const second = shift({ id: 's2', start: '2026-06-20T15:00:00.000Z' });
    applyEventActivity(client, 'p1', makeActivity({ type: 'shift.created', data: { shift: second } }));
    applyEventActivity(client, 'p1', makeActivity({ type: 'shift.deleted', data: { shift: shift() } }));
    expect(client.getQueryData<ShiftView[]>(eventKeys.shifts('p1', 'e1'))!.map((item) => item.id)).toEqual(['s2']);
  });

  it("shows the premise's booking decision on the event's page and in the list", () => {
    const client = cached();
    applyEventActivity(client, 'p1', makeActivity({ type: 'booking.approved', data: { booking: { id: 'b1', eventId: 'e1', status: 'approved' } } }));
    expect(client.getQueryData<EventView>(eventKeys.detail('p1', 'e1'))!.booking).toEqual({ id: 'b1', status: 'approved' });
    expect(client.getQueryData<EventView[]>(eventKeys.list('p1'))![0].booking).toEqual({ id: 'b1', status: 'approved' });
    // another booking of the same event (an older request) does not touch the current one
    applyEventActivity(client, 'p1', makeActivity({ type: 'booking.cancelled', data: { booking: { id: 'b0', eventId: 'e1', status: 'cancelled' } } }));
    expect(client.getQueryData<EventView>(eventKeys.detail('p1', 'e1'))!.booking!.status).toBe('approved');
  });

  it('updates, lists and forgets events', () => {
    const client = cached();
    applyEventActivity(client, 'p1', makeActivity({ type: 'event.updated', data: { event: event({ title: 'Fête de l’été', version: 2 }) } }));
    expect(client.getQueryData<EventView>(eventKeys.detail('p1', 'e1'))!.title).toBe('Fête de l’été');
    const other = event({ id: 'e2', start: '2026-06-01T10:00:00.000Z' });
    applyEventActivity(client, 'p1', makeActivity({ type: 'event.created', data: { event: other } }));
    expect(client.getQueryData<EventView[]>(eventKeys.list('p1'))!.map((item) => item.id)).toEqual(['e2', 'e1']);
    applyEventActivity(client, 'p1', makeActivity({ type: 'event.deleted', data: { event: event(), deletedShiftIds: ['s1'] } }));
    expect(client.getQueryData<EventView[]>(eventKeys.list('p1'))!.map((item) => item.id)).toEqual(['e2']);
    expect(client.getQueryData(eventKeys.shifts('p1', 'e1'))).toBeUndefined();
  });

  it('refetches when a payload lacks its object (an older server), without throwing', () => {
    const client = cached();
    applyEventActivity(client, 'p1', makeActivity({ type: 'shift.signed_up', data: {} }));
    expect(client.getQueryState(eventKeys.shifts('p1', 'e1'))!.isInvalidated).toBe(true);
  });
});
