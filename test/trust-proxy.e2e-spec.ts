import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

/** The auth rate limit counts per client address; X-Forwarded-For names it only behind a known proxy. */
describe('TRUST_PROXY and the auth rate limit (e2e)', () => {
  const login = (t: TestApp, forwardedFor?: string) => {
    const call = t.http().post('/api/auth/login');
    if (forwardedFor) call.set('X-Forwarded-For', forwardedFor);
    return call.send({ email: 'target@example.org', password: 'guess-guess' });
  };

  describe('with TRUST_PROXY unset', () => {
    let t: TestApp;

    useTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' }, (app) => {
      t = app;
    });

    it('ignores X-Forwarded-For: changing it does not escape the limit', async () => {
      for (let i = 0; i < 3; i++) await login(t, `203.0.113.${i}`).expect(401);
      for (let i = 3; i < 8; i++) {
        const limited = await login(t, `203.0.113.${i}`).expect(429);
        expect(limited.headers['retry-after']).toBeDefined();
      }
      await login(t).expect(429);
    });
  });

  describe('with TRUST_PROXY=127.0.0.1 (the proxy runs next to the app)', () => {
    let t: TestApp;

    useTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' }, (app) => {
      t = app;
    });

    it('counts per forwarded address', async () => {
      for (let i = 0; i < 3; i++) await login(t, '198.51.100.1').expect(401);
      await login(t, '198.51.100.1').expect(429);
      // Another client behind the same proxy has its own budget...
      for (let i = 0; i < 3; i++) await login(t, '198.51.100.2').expect(401);
      await login(t, '198.51.100.2').expect(429);
      // ...and the proxy's own address is not what gets counted.
      await login(t).expect(401);
    });

    it('takes the address the trusted proxy saw, not one the client wrote before it', async () => {
      // nginx appends the peer it saw: "what the client claimed, what nginx saw".
      for (let i = 0; i < 3; i++) await login(t, `10.9.9.${i}, 198.51.100.3`).expect(401);
      await login(t, '10.9.9.200, 198.51.100.3').expect(429);
    });
  });
});
