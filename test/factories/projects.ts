import type { TestApp } from '../setup/test-app';
import { addMember, addPartner, makeAssociation, makeProject, makeUser, TestProject, TestUser } from './index';

export interface TestSide {
  id: string;
  name: string;
  admin: TestUser;
  member: TestUser;
}

/**
 * A project led by `coordinator`, with `partner` active and `invited` invited (not answered yet);
 * each association has an admin and a plain member. `outsider` administers an association of its own
 * (`outsiderAssociationId`) that has nothing to do with the project.
 */
export interface ProjectWorld {
  project: TestProject;
  coordinator: TestSide;
  partner: TestSide;
  invited: TestSide;
  outsider: TestUser;
  outsiderAssociationId: string;
}

export async function makeSide(t: TestApp, label: string): Promise<TestSide> {
  const [admin, member] = await Promise.all([makeUser(t, { displayName: `${label} admin` }), makeUser(t, { displayName: `${label} membre` })]);
  const association = await makeAssociation(t, admin, { name: label });
  await addMember(t, admin, association.id, member);
  return { id: association.id, name: association.name, admin, member };
}

export async function makeWorld(t: TestApp, overrides: Record<string, unknown> = {}): Promise<ProjectWorld> {
  const [coordinator, partner, invited, outsider] = await Promise.all([
    makeSide(t, 'Régie de quartier'),
    makeSide(t, 'Club de foot'),
    makeSide(t, 'Cinéma associatif'),
    makeUser(t, { displayName: 'Extérieur' }),
  ]);
  const outsiderAssociation = await makeAssociation(t, outsider, { name: 'Association extérieure' });
  const project = await makeProject(t, coordinator.admin, coordinator.id, overrides);
  await addPartner(t, coordinator.admin, project.id, partner.admin, partner.id);
  await invite(t, coordinator.admin, project.id, invited.id).expect(201);
  return { project, coordinator, partner, invited, outsider, outsiderAssociationId: outsiderAssociation.id };
}

/** An association that took part in the world's project (charter signed), then was removed by the coordinator. */
export async function makeRemovedSide(t: TestApp, world: ProjectWorld, label: string): Promise<TestSide> {
  const side = await makeSide(t, label);
  await addPartner(t, world.coordinator.admin, world.project.id, side.admin, side.id);
  await t.http().delete(`/api/projects/${world.project.id}/partners/${side.id}`).set('Authorization', world.coordinator.admin.auth).expect(204);
  return side;
}

export const invite = (t: TestApp, user: TestUser, projectId: string, associationId: string, message?: string) =>
  t
    .http()
    .post(`/api/projects/${projectId}/partners`)
    .set('Authorization', user.auth)
    .send({ associationId, ...(message ? { message } : {}) });

export const partnerAction = (
  t: TestApp,
  user: TestUser,
  projectId: string,
  associationId: string,
  action: 'accept' | 'decline' | 'leave',
  body: Record<string, unknown> = {},
) => t.http().post(`/api/projects/${projectId}/partners/${associationId}/${action}`).set('Authorization', user.auth).send(body);

export const sendMessage = (t: TestApp, user: TestUser, projectId: string, body: string, clientMessageId: string) =>
  t.http().post(`/api/projects/${projectId}/messages`).set('Authorization', user.auth).send({ body, clientMessageId });

/** One field of each of the project's stored activities, in seq order. */
async function storedActivityField<T>(t: TestApp, projectId: string, field: 'seq' | 'type'): Promise<T[]> {
  const { Types } = await import('mongoose');
  const rows = await t.db
    .collection('activities')
    .find({ projectId: new Types.ObjectId(projectId) }, { projection: { [field]: 1 } })
    .sort({ seq: 1 })
    .toArray();
  return rows.map((row) => row[field] as T);
}

/** The seqs stored for a project, in order. */
export const storedSeqs = (t: TestApp, projectId: string) => storedActivityField<number>(t, projectId, 'seq');

/** The types of the project's stored activities, in seq order. */
export const storedTypes = (t: TestApp, projectId: string) => storedActivityField<string>(t, projectId, 'type');
