import type { ActivityView } from '@maillage/contract';
import { makeWorld, ProjectWorld } from './factories/projects';
import { makeTask } from './factories/tasks';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

// The feed says what changed: a form that sends every field names only those whose value changed.
describe('task.updated names what changed (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  useTestApp(async (app) => {
    t = app;
    w = await makeWorld(t);
  });

  it('lists the fields whose value changed, not every field the request carried', async () => {
    const task = await makeTask(t, w.coordinator.admin, w.project.id, { title: 'Affiches', description: 'A3', checklist: [{ text: 'Imprimer' }] });
    const unchanged = {
      description: task.description,
      status: task.status,
      assigneeAssociationId: task.assigneeAssociationId,
      assigneeUserIds: task.assigneeUserIds,
      dueDate: task.dueDate,
      checklist: task.checklist,
      eventId: task.eventId,
    };
    await t
      .http()
      .patch(`/api/tasks/${task.id}`)
      .set('Authorization', w.coordinator.admin.auth)
      .send({ ...unchanged, title: 'Affiches A3', dueDate: '2026-06-01T10:00:00.000Z', version: task.version })
      .expect(200);
    const feed = await t.http().get(`/api/projects/${w.project.id}/activity`).set('Authorization', w.partner.member.auth).expect(200);
    const updated = (feed.body.items as ActivityView[]).filter((item) => item.type === 'task.updated').at(-1) as ActivityView<'task.updated'>;
    expect(updated.data.fields.sort()).toEqual(['dueDate', 'title']);
  });
});
