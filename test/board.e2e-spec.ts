import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { makeBoard, makeTask, readBoard, TestBoard } from './factories/tasks';
import { createTestApp, TestApp } from './setup/test-app';

/** A raw GET: the bytes as sent on the wire and the response headers. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('GET /api/projects/:id/board (e2e)', () => {
  let t: TestApp;
  let b: TestBoard;

  beforeAll(async () => {
    t = await createTestApp();
    b = await makeBoard(t);
    for (const [index, status] of ['todo', 'in_progress', 'done', 'todo', 'blocked', 'in_progress'].entries())
      await makeTask(t, b.coordinator.admin, b.project.id, {
        title: `Préparer le stand ${index}`,
        status,
        ...(index % 2 ? { description: 'Voir avec les partenaires', assigneeAssociationId: b.partner.id } : {}),
      });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers every task in board order, by field, as the paged list has them', async () => {
    const response = await t.http().get(`/api/projects/${b.project.id}/board`).set('Authorization', b.partner.member.auth).expect(200);
    const listed = await readBoard(t, b.partner.member, b.project.id);
    const { projectId, count, tasks } = response.body as { projectId: string; count: number; tasks: Record<string, unknown[]> };
    expect(projectId).toBe(b.project.id);
    expect(count).toBe(listed.length);
    const rebuilt = Array.from({ length: count }, (_, index) => ({
      projectId,
      ...Object.fromEntries(Object.entries(tasks).map(([field, values]) => [field, values[index]])),
    }));
    expect(rebuilt).toEqual(listed);
  });

  it('sees a task created a moment ago', async () => {
    const created = await makeTask(t, b.partner.admin, b.project.id, { title: 'Nouvelle tâche' });
    const response = await t.http().get(`/api/projects/${b.project.id}/board`).set('Authorization', b.coordinator.member.auth).expect(200);
    expect(response.body.tasks.id).toContain(created.id);
  });

  it('is compressed with brotli or gzip as the client accepts, and not when it accepts neither', async () => {
    const url = `${t.url}/api/projects/${b.project.id}/board`;
    const auth = { authorization: b.coordinator.admin.auth };
    const plain = await rawGet(url, { ...auth, 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const brotli = await rawGet(url, { ...auth, 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(brotli.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    expect(brotli.body.length).toBeLessThan(plain.body.length);
    const gzip = await rawGet(url, { ...auth, 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(JSON.parse(plain.body.toString()));
  });

  it('401 without a token, 404 for an outsider', async () => {
    await t.http().get(`/api/projects/${b.project.id}/board`).expect(401);
    await t.http().get(`/api/projects/${b.project.id}/board`).set('Authorization', b.outsider.auth).expect(404);
  });
});
