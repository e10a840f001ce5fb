import { randomBytes } from 'node:crypto';
import type { TestApp } from '../setup/test-app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header value */
  auth: string;
}

const unique = () => randomBytes(4).toString('hex');

export async function makeUser(
  t: TestApp,
  overrides: Partial<{ email: string; password: string; displayName: string; locale: string }> = {},
): Promise<TestUser> {
  const input = {
    email: overrides.email ?? `user-${unique()}@example.org`,
    password: overrides.password ?? 'correct horse battery staple',
    displayName: overrides.displayName ?? `Bénévole ${unique()}`,
    ...(overrides.locale ? { locale: overrides.locale } : {}),
  };
  const response = await t.http().post('/api/auth/register').send(input).expect(201);
  const { user, accessToken, refreshToken } = response.body;
  return { id: user.id, email: user.email, password: input.password, displayName: user.displayName, accessToken, refreshToken, auth: `Bearer ${accessToken}` };
}

export async function makeAssociation(t: TestApp, admin: TestUser, overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const response = await t
    .http()
    .post('/api/associations')
    .set('Authorization', admin.auth)
    .send({ name: `Association ${unique()}`, city: 'Marseille', ...overrides })
    .expect(201);
  return response.body;
}

/** Adds `user` to the association with `role`, through an invitation accepted by them. */
export async function addMember(t: TestApp, admin: TestUser, associationId: string, user: TestUser, role: 'admin' | 'member' = 'member'): Promise<void> {
  const invitation = await t.http().post(`/api/associations/${associationId}/invitations`).set('Authorization', admin.auth).send({ role }).expect(201);
  await t.http().post(`/api/invitations/${invitation.body.token}/accept`).set('Authorization', user.auth).expect(200);
}

export interface TestProject {
  id: string;
  title: string;
  charterVersion: number;
}

export async function makeProject(
  t: TestApp,
  admin: TestUser,
  coordinatorAssociationId: string,
  overrides: Record<string, unknown> = {},
): Promise<TestProject> {
  const response = await t
    .http()
    .post('/api/projects')
    .set('Authorization', admin.auth)
    .send({ title: `Fête de quartier ${unique()}`, coordinatorAssociationId, ...overrides })
    .expect(201);
  return { id: response.body.id, title: response.body.title, charterVersion: response.body.charter?.version ?? 1 };
}

/** Invites the association to the project and has its admin sign the current charter. */
export async function addPartner(t: TestApp, coordinatorAdmin: TestUser, projectId: string, partnerAdmin: TestUser, associationId: string): Promise<void> {
  await t.http().post(`/api/projects/${projectId}/partners`).set('Authorization', coordinatorAdmin.auth).send({ associationId }).expect(201);
  const charter = await t.http().get(`/api/projects/${projectId}/charter`).set('Authorization', partnerAdmin.auth).expect(200);
  await t
    .http()
    .post(`/api/projects/${projectId}/partners/${associationId}/accept`)
    .set('Authorization', partnerAdmin.auth)
    .send({ charterVersion: charter.body.version })
    .expect(200);
}

/**
 * Polls `ask` until it answers `status`, with only the statuses in `before` answered until then;
 * answers how long that took, and fails past `deadlineMs` (for promises such as "within 1 s").
 */
export async function answersWithin(ask: () => PromiseLike<{ status: number }>, status: number, before: number[], deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answered = (await ask()).status;
    if (answered === status) return Date.now() - started;
    expect(before).toContain(answered);
    if (Date.now() - started > deadlineMs) throw new Error(`still ${answered}, not ${status}, after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
