import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  describe(hashPassword.name, () => {
    it('uses argon2id with at least 19 MiB and 2 iterations (OWASP)', async () => {
      const sut = await hashPassword('correct horse battery staple');
      const [, algorithm, , parameters] = sut.split('$');
      const { m, t } = Object.fromEntries(parameters.split(',').map((pair) => pair.split('=')));
      expect(algorithm).toBe('argon2id');
      expect(Number(m)).toBeGreaterThanOrEqual(19 * 1024);
      expect(Number(t)).toBeGreaterThanOrEqual(2);
    });

    it('salts every hash', async () => {
      expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
    });
  });

  describe(verifyPassword.name, () => {
    it('accepts the right password only', async () => {
      const hash = await hashPassword('correct horse battery staple');
      expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
      expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false);
    });

    it('answers false, not an error, for a malformed hash', async () => {
      expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    });

    it('never matches the decoy used for unknown emails', async () => {
      expect(await verifyPassword(await decoyPasswordHash(), '')).toBe(false);
    });
  });
});
