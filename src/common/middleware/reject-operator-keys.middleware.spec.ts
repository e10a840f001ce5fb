import { findOperatorKey, findUnsafeInput, MAX_INPUT_DEPTH } from './reject-operator-keys.middleware';

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

describe('findUnsafeInput', () => {
  it('refuses prototype keys wherever they are', () => {
    expect(findUnsafeInput(JSON.parse('{"a":{"__proto__":{"admin":true}}}'))).toEqual({ field: 'a.__proto__', message: 'is a reserved name' });
    expect(findUnsafeInput({ list: [{ constructor: { prototype: 1 } }] })?.field).toBe('list[0].constructor');
  });

  it('refuses nesting deeper than the limit without overflowing its own stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(findUnsafeInput(deep)?.message).toBe(`nests deeper than ${MAX_INPUT_DEPTH} levels`);
    let shallow: unknown = 'leaf';
    for (let level = 1; level < MAX_INPUT_DEPTH; level++) shallow = { next: shallow };
    expect(findUnsafeInput(shallow)).toBeUndefined();
  });

  it('names the first offending field in document order', () => {
    expect(findUnsafeInput({ a: 1, b: { $gt: 1 }, c: { $lt: 2 } })?.field).toBe('b.$gt');
  });
});
