import { findOperatorKey } from './reject-operator-keys.middleware';

describe('findOperatorKey', () => {
  it('finds operators at any depth', () => {
    expect(findOperatorKey({ email: { $ne: null } })).toBe('email.$ne');
    expect(findOperatorKey({ list: [{ ok: 1 }, { $where: 'x' }] })).toBe('list[1].$where');
    expect(findOperatorKey({ 'a.b': 1 })).toBe('a.b');
  });

  it('lets plain data through', () => {
    expect(findOperatorKey({ title: '$100 budget', tags: ['a', 'b'], nested: { ok: true } })).toBeUndefined();
    expect(findOperatorKey(undefined)).toBeUndefined();
  });
});
