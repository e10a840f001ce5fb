import { OBJECT_ID_PATTERN } from '../src/common/dto/object-id';
import { INSTANT_PATTERN } from '../src/common/dto/instant';
import { createTestApp, TestApp } from './setup/test-app';

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
  security?: unknown[];
};
type Schema = { properties: Record<string, Record<string, unknown>>; required?: string[]; additionalProperties?: boolean };

/** The OpenAPI document says what the server does: the contract that generated clients and fuzzers rely on. */
describe('GET /api/docs-json', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, Schema>;
  const operations = () =>
    Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );

  beforeAll(async () => {
    t = await createTestApp();
    const document = (await t.http().get('/api/docs-json').expect(200)).body;
    paths = document.paths;
    schemas = document.components.schemas;
  });
  afterAll(() => t.close());

  it('documents the shared error statuses of every operation with the ProblemDetails schema', () => {
    expect(schemas.ProblemDetails.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'errors']));
    for (const { name, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      expect({ name, has400: statuses.includes('400'), has503: statuses.includes('503') }).toEqual({ name, has400: true, has503: true });
      if (operation.security?.length) expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['401']) });
      if (operation.requestBody) expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['413']) });
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400)
          expect({ name, status, schema: response.content?.['application/problem+json']?.schema.$ref }).toEqual({
            name,
            status,
            schema: '#/components/schemas/ProblemDetails',
          });
        else expect({ name, status, described: response.description.length > 0 }).toEqual({ name, status, described: true });
      }
    }
  });

  it('refuses unknown body fields in every DTO schema, as the validation pipe does', () => {
    const dtos = Object.entries(schemas).filter(([name]) => name.endsWith('Dto'));
    expect(dtos.length).toBeGreaterThan(20);
    for (const [name, schema] of dtos) expect({ name, additionalProperties: schema.additionalProperties }).toEqual({ name, additionalProperties: false });
  });

  it('states the validation rules: ids, instants, lengths, bounds, required and nullable fields', () => {
    expect(paths['/api/tasks/{taskId}'].get.parameters?.find((parameter) => parameter.name === 'taskId')?.schema.pattern).toBe(OBJECT_ID_PATTERN);
    expect(schemas.CreateTaskDto.properties.title).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(schemas.CreateTaskDto.required).toEqual(['title']);
    expect(schemas.CreateTaskDto.properties.assigneeUserIds).toMatchObject({
      type: 'array',
      maxItems: 50,
      items: { type: 'string', pattern: OBJECT_ID_PATTERN },
    });
    expect(schemas.UpdateTaskDto.properties.version).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schemas.CreateEventDto.properties.start).toMatchObject({ type: 'string', format: 'date-time', pattern: INSTANT_PATTERN });
    expect(schemas.CreateEventDto.properties.location).toMatchObject({ nullable: true });
    expect(schemas.CreateEventDto.properties.title.nullable).toBeUndefined();
    expect(schemas.CreateBookingDto.required?.sort()).toEqual(['end', 'requesterAssociationId', 'start']);
    const limit = paths['/api/projects/{id}/tasks'].get.parameters?.find((parameter) => parameter.name === 'limit');
    expect(limit).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } });
  });

  it('answers 405 with Allow for a known path asked with another method', async () => {
    const trace = await t.http().trace('/api/health').expect(405);
    expect(trace.headers.allow).toBe('GET, HEAD, OPTIONS');
    const mine = await t.http().patch('/api/associations/mine').expect(405);
    expect(mine.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(mine.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    await t.http().get('/api/no-such-route').expect(404);
  });
});
