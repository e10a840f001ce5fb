import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app.config';
import { ConfigError } from './config-error';

describe('loadConfig', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-config-'));

  it('works with no configuration at all', () => {
    const sut = loadConfig({ DATA_DIR: dataDir });
    expect(sut.port).toBe(3000);
    expect(sut.mongodbUri).toBeUndefined();
    expect(sut.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps the generated JWT secret across starts', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(loadConfig({ DATA_DIR: dataDir }).jwtSecret);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MONGODB_URI', 'http://example.org'],
    ['REDIS_URL', 'not a url'],
    ['JWT_SECRET', 'short'],
    ['LOG_LEVEL', 'chatty'],
    ['CORS_ORIGINS', 'nope'],
    ['ACCESS_TOKEN_TTL_SECONDS', '3600'],
    ['TRUST_PROXY', 'nginx'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '127.0.0.1, *'],
    ['SMTP_URL', 'http://mail.example.org'],
    ['MAIL_FROM', 'not an address'],
  ])('refuses %s=%s with a message naming it', (variable, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, [variable]: value })).toThrow(variable);
  });

  describe('TRUST_PROXY', () => {
    it('trusts no proxy when unset', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).trustProxy).toEqual([]);
    });

    it('takes addresses, CIDR ranges and the names Express knows', () => {
      const sut = loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8, 192.168.0.0/255.255.0.0, loopback' });
      expect(sut.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', '192.168.0.0/255.255.0.0', 'loopback']);
    });
  });
});
