import { describe, expect, it } from 'vitest';
import { tokenExpiry } from './socket';

describe(tokenExpiry.name, () => {
  it('reads the exp of a JWT in milliseconds', () => {
    const payload = btoa(JSON.stringify({ sub: 'u1', exp: 1_800_000_000 })).replace(/=+$/, '');
    expect(tokenExpiry(`header.${payload}.signature`)).toBe(1_800_000_000_000);
  });

  it('answers undefined for an opaque token', () => {
    expect(tokenExpiry('opaque')).toBeUndefined();
  });
});
