import { createTestApp, TestApp } from './setup/test-app';

describe('Health, docs and the error shape (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/health', () => {
    it('reports the database up', async () => {
      const response = await t.http().get('/api/health').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', database: { state: 'up' } });
    });
  });

  describe('GET /api/docs-json', () => {
    it('serves the OpenAPI document generated from the code', async () => {
      const response = await t.http().get('/api/docs-json').expect(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/me', '/api/health']));
    });

    it('serves the docs page', async () => {
      const response = await t.http().get('/api/docs/').expect(200);
      expect(response.text).toContain('swagger');
    });
  });

  describe('errors', () => {
    it('answers an unknown route with a problem document', async () => {
      const response = await t.http().get('/api/nothing-here').set('Authorization', 'Bearer x').expect(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 404, title: 'Not Found' });
      expect(response.body.type).toEqual(expect.any(String));
    });

    it('answers malformed JSON with 400', async () => {
      const response = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
      expect(response.body).toMatchObject({ status: 400, code: 'malformed_json' });
    });

    it('answers an oversized body with 413', async () => {
      const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) });
      const response = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(big).expect(413);
      expect(response.body.status).toBe(413);
    });

    it('refuses $-operators in the body with field errors', async () => {
      const response = await t
        .http()
        .post('/api/auth/login')
        .send({ email: { $ne: null }, password: 'x' })
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'email.$ne', message: expect.any(String) }]);
    });

    it('sets security headers', async () => {
      const response = await t.http().get('/api/health');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });
});
