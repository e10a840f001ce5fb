import { makeAssociation, makeUser } from './factories';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

// The client words every refusal in the reader's language from these stable codes; the English
// message stays for API users and as the client's last resort.
describe('Problem codes (e2e)', () => {
  let t: TestApp;
  useTestApp(async (app) => {
    t = app;
  });

  it('gives each refused field of a body the code of the rule it broke', async () => {
    const response = await t.http().post('/api/auth/register').send({ email: 'not-an-email', password: 'short', displayName: '', extra: 1 }).expect(400);
    const codeOf = (field: string) =>
      response.body.errors.filter((error: { field: string }) => error.field === field).map((error: { code: string }) => error.code);
    expect(response.body.code).toBe('validation_failed');
    expect(codeOf('email')).toContain('isEmail');
    expect(codeOf('password')).toContain('minLength');
    expect(codeOf('displayName')).toContain('isLength');
    expect(codeOf('extra')).toEqual(['whitelistValidation']);
  });

  it('names the rule of a refusal the service decides, and of a refused e-mail', async () => {
    const admin = await makeUser(t);
    const association = await makeAssociation(t, admin);
    const project = await t
      .http()
      .post('/api/projects')
      .set('Authorization', admin.auth)
      .send({ title: 'Fête', coordinatorAssociationId: association.id, startDate: '2026-06-10T12:00:00.000Z', endDate: '2026-06-01T12:00:00.000Z' })
      .expect(400);
    expect(project.body.errors).toEqual([{ field: 'endDate', message: 'must not be before startDate', code: 'not_before_start' }]);

    const taken = await t.http().post('/api/auth/register').send({ email: admin.email, password: 'correct horse battery', displayName: 'Deux' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'email_taken', errors: [{ field: 'email', code: 'taken' }] });
  });

  it('says why the last admin cannot leave with a code', async () => {
    const admin = await makeUser(t);
    const association = await makeAssociation(t, admin);
    const response = await t.http().delete(`/api/associations/${association.id}/members/${admin.id}`).set('Authorization', admin.auth).expect(409);
    expect(response.body.code).toBe('last_admin');
  });
});
