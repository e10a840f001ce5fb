import { choicesOf, outcomeOf } from './decision-outcome';

describe(outcomeOf.name, () => {
  const consent = { kind: 'consent' as const, options: [] };
  const yesNo = { kind: 'yes_no' as const, options: [] };
  const choice = { kind: 'choice' as const, options: ['Samedi', 'Dimanche', 'Lundi'] };

  it('adopts a consent decision unless an objection stands, silence included', () => {
    expect(outcomeOf(consent, [], 4).result).toBe('adopted');
    expect(outcomeOf(consent, ['consent', 'consent'], 4).result).toBe('adopted');
    expect(outcomeOf(consent, ['consent', 'objection'], 4)).toMatchObject({
      result: 'rejected',
      counts: { consent: 1, objection: 1 },
      voters: 2,
      electorate: 4,
    });
  });

  it('needs more than half of the electorate for yes/no, abstentions counting as voters', () => {
    expect(outcomeOf(yesNo, ['yes', 'yes'], 4).result).toBe('no_quorum');
    expect(outcomeOf(yesNo, ['yes', 'abstain', 'abstain'], 4).result).toBe('adopted');
    expect(outcomeOf(yesNo, ['yes', 'no', 'abstain'], 5).result).toBe('rejected');
    expect(outcomeOf(yesNo, ['no', 'no', 'yes'], 5).result).toBe('rejected');
  });

  it('picks the option with most votes, or calls a tie', () => {
    expect(outcomeOf(choice, ['Samedi', 'Dimanche', 'Samedi'], 3)).toMatchObject({ result: 'chosen', option: 'Samedi' });
    expect(outcomeOf(choice, ['Samedi', 'Dimanche'], 3)).toMatchObject({ result: 'tie', option: null });
    expect(outcomeOf(choice, [], 3).result).toBe('tie');
  });

  it('lists the choices of each kind', () => {
    expect(choicesOf(consent)).toEqual(['consent', 'objection']);
    expect(choicesOf(yesNo)).toEqual(['yes', 'no', 'abstain']);
    expect(choicesOf(choice)).toEqual(choice.options);
  });
});
