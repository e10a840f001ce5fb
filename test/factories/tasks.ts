import request from 'supertest';
import type { TestApp } from '../setup/test-app';
import { addMember, addPartner, makeAssociation, makeProject, makeUser, TestProject, TestUser } from './index';

/** A project with two active partner associations, a plain member in each, and an outsider. */
export interface TestBoard {
  project: TestProject;
  coordinator: { id: string; admin: TestUser; member: TestUser };
  partner: { id: string; admin: TestUser; member: TestUser };
  outsider: TestUser;
}

export async function makeBoard(t: TestApp): Promise<TestBoard> {
  const [coordinatorAdmin, coordinatorMember, partnerAdmin, partnerMember, outsider] = await Promise.all([
    makeUser(t, { displayName: 'Camille (chef de file)' }),
    makeUser(t, { displayName: 'Sami' }),
    makeUser(t, { displayName: 'Inès (partenaire)' }),
    makeUser(t, { displayName: 'Yanis' }),
    makeUser(t, { displayName: 'Extérieur' }),
  ]);
  const [coordinatorAssociation, partnerAssociation] = await Promise.all([
    makeAssociation(t, coordinatorAdmin, { name: 'Régie de quartier' }),
    makeAssociation(t, partnerAdmin, { name: 'Club de foot' }),
    makeAssociation(t, outsider, { name: 'Association extérieure' }),
  ]);
  await addMember(t, coordinatorAdmin, coordinatorAssociation.id, coordinatorMember);
  await addMember(t, partnerAdmin, partnerAssociation.id, partnerMember);
  const project = await makeProject(t, coordinatorAdmin, coordinatorAssociation.id);
  await addPartner(t, coordinatorAdmin, project.id, partnerAdmin, partnerAssociation.id);
  return {
    project,
    coordinator: { id: coordinatorAssociation.id, admin: coordinatorAdmin, member: coordinatorMember },
    partner: { id: partnerAssociation.id, admin: partnerAdmin, member: partnerMember },
    outsider,
  };
}

export interface TestTask {
  id: string;
  status: string;
  position: number;
  version: number;
  [field: string]: unknown;
}

export async function makeTask(t: TestApp, user: TestUser, projectId: string, overrides: Record<string, unknown> = {}): Promise<TestTask> {
  const response = await t
    .http()
    .post(`/api/projects/${projectId}/tasks`)
    .set('Authorization', user.auth)
    .send({ title: `Tâche ${Math.random().toString(36).slice(2, 8)}`, ...overrides })
    .expect(201);
  return response.body;
}

/** Every task of the project in board order, following the cursor. */
export async function readBoard(t: TestApp, user: TestUser, projectId: string, query: Record<string, string | number> = {}): Promise<TestTask[]> {
  const items: TestTask[] = [];
  let cursor: string | null = null;
  do {
    const response: request.Response = await t
      .http()
      .get(`/api/projects/${projectId}/tasks`)
      .query({ limit: 200, ...query, ...(cursor ? { cursor } : {}) })
      .set('Authorization', user.auth)
      .expect(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items;
}

/** The ids of a column, in board order. */
export async function columnIds(t: TestApp, user: TestUser, projectId: string, status: string): Promise<string[]> {
  return (await readBoard(t, user, projectId, { status })).map((task) => task.id);
}
