import type { TestApp } from '../setup/test-app';
import type { TestUser } from './index';

export interface TestInvitation {
  id: string;
  token: string;
  role: 'admin' | 'member';
  email: string | null;
  expiresAt: string;
}

/** An invitation to the association, created by one of its admins. */
export async function makeInvitation(
  t: TestApp,
  admin: TestUser,
  associationId: string,
  body: { role?: 'admin' | 'member'; email?: string } = {},
): Promise<TestInvitation> {
  const response = await t
    .http()
    .post(`/api/associations/${associationId}/invitations`)
    .set('Authorization', admin.auth)
    .send({ role: 'member', ...body })
    .expect(201);
  return response.body;
}

export const acceptInvitation = (t: TestApp, user: TestUser, token: string) =>
  t.http().post(`/api/invitations/${token}/accept`).set('Authorization', user.auth);
