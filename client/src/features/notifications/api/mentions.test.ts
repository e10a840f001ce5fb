import { describe, expect, it } from 'vitest';
import { matchingCandidates, mentionQueryAt, mentionsIn, splitMentions, type MentionCandidate } from './mentions';

const awa: MentionCandidate = { kind: 'user', id: 'u1', name: 'Awa Diallo' };
const club: MentionCandidate = { kind: 'association', id: 'a1', name: 'Club de foot' };

describe('mentions', () => {
  it('finds the @word before the caret, only at a word start', () => {
    expect(mentionQueryAt('Salut @Aw', 9)).toEqual({ start: 6, query: 'Aw' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail@example', 12)).toBeNull();
    expect(mentionQueryAt('Salut @Awa ', 11)).toBeNull();
  });

  it('matches names by any word, without accents or case', () => {
    expect(matchingCandidates([awa, club], 'dia')).toEqual([awa]);
    expect(matchingCandidates([awa, club], 'FOOT')).toEqual([club]);
    expect(matchingCandidates([{ ...awa, name: 'Élodie' }], 'elo')).toHaveLength(1);
  });

  it('keeps only the picked mentions still in the text', () => {
    expect(mentionsIn('@Club de foot vous venez ?', [awa, club])).toEqual({ userIds: [], associationIds: ['a1'] });
  });

  it('splits a body into text and mentions', () => {
    expect(splitMentions('Merci @Awa Diallo et @Club de foot !', [awa, club])).toEqual(['Merci ', awa, ' et ', club, ' !']);
  });
});
