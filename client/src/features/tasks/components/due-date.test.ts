import { describe, expect, it } from 'vitest';
import { avatarColour, formatDueDay, initialsOf, isOverdue } from './due-date';

const now = new Date('2026-05-12T08:30:00.000Z');

describe('formatDueDay', () => {
  it('writes the first of the month as French people do, without this year', () => {
    expect(formatDueDay('2026-06-01T12:00:00.000Z', 'fr', now)).toBe('1er juin');
    expect(formatDueDay('2026-06-12T12:00:00.000Z', 'fr', now)).toBe('12 juin');
  });
  it('adds the year of another year', () => {
    expect(formatDueDay('2027-01-03T12:00:00.000Z', 'fr', now)).toBe('3 janv. 2027');
  });
  it('reads in English', () => {
    expect(formatDueDay('2026-06-01T12:00:00.000Z', 'en', now)).toBe('June 1');
  });
});

describe('isOverdue', () => {
  it('is overdue from the day after the due day (Paris)', () => {
    expect(isOverdue('2026-05-11T12:00:00.000Z', now)).toBe(true);
    expect(isOverdue('2026-05-12T12:00:00.000Z', now)).toBe(false);
  });
});

describe('avatars', () => {
  it('shows two initials at most and keeps one colour per person', () => {
    expect(initialsOf('Amina Diallo')).toBe('AD');
    expect(initialsOf('Jean-Pierre de la Fontaine')).toBe('JF');
    expect(initialsOf('karim')).toBe('K');
    expect(avatarColour('u1')).toBe(avatarColour('u1'));
  });
});
