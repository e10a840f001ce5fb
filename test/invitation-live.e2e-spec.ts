import type { ServerToClientEvents } from '@maillage/contract';
import { addMember, makeUser } from './factories';
import { invite, makeSide, partnerAction } from './factories/projects';
import { makeProject } from './factories';
import { ClientSocket, connect, flush, record } from './factories/realtime';
import { useTwoInstances } from './setup/hooks';
import { TestApp } from './setup/test-app';

type InvitationChange = Parameters<ServerToClientEvents['invitation:changed']>[0];

/** An invitation reaches the admins of the invited association at once, whichever instance they are on. */
describe('Live invitations across two instances (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets: ClientSocket[] = [];
  const connectAt = async (instance: TestApp, token: string) => {
    const socket = await connect(instance.url, token);
    sockets.push(socket);
    return socket;
  };

  useTwoInstances({ redis: true }, async (first, second) => {
    [a, b] = [first, second];
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  it('tells every admin of the invited association, on both instances, and no one else', async () => {
    const coordinator = await makeSide(a, 'Régie de quartier');
    const invited = await makeSide(a, 'Cinéma associatif');
    const secondAdmin = await makeUser(a);
    await addMember(a, invited.admin, invited.id, secondAdmin, 'admin');
    const project = await makeProject(a, coordinator.admin, coordinator.id);

    const adminAtA = record<InvitationChange>(await connectAt(a, invited.admin.accessToken), 'invitation:changed');
    const adminAtB = record<InvitationChange>(await connectAt(b, secondAdmin.accessToken), 'invitation:changed');
    const memberSocket = await connectAt(b, invited.member.accessToken);
    const member = record<InvitationChange>(memberSocket, 'invitation:changed');
    const coordinatorSocket = await connectAt(b, coordinator.member.accessToken);
    const coordinatorMember = record<InvitationChange>(coordinatorSocket, 'invitation:changed');

    await invite(a, coordinator.admin, project.id, invited.id).expect(201);
    const expected = { projectId: project.id, associationId: invited.id, status: 'invited' };
    await adminAtA.until((items) => items.length > 0);
    await adminAtB.until((items) => items.length > 0);
    expect(adminAtA.items).toEqual([expected]);
    expect(adminAtB.items).toEqual([expected]);

    // the invitation is answered: every admin's list changes again
    await partnerAction(b, invited.admin, project.id, invited.id, 'decline').expect(200);
    await adminAtA.until((items) => items.length > 1);
    await adminAtB.until((items) => items.length > 1);
    expect(adminAtB.items[1]).toEqual({ ...expected, status: 'declined' });

    await Promise.all([flush(memberSocket), flush(coordinatorSocket)]);
    expect(member.items).toEqual([]);
    expect(coordinatorMember.items).toEqual([]);
  });
});
