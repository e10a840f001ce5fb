import type { OpenAPIObject } from '@nestjs/swagger';
import { OBJECT_ID_PATTERN } from '../dto/object-id';
import { PROBLEM_DESCRIPTIONS, PROBLEM_MEDIA_TYPE } from './problem-details';

type Operation = {
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, { description?: string; content?: unknown; headers?: Record<string, unknown> }>;
  security?: unknown[];
};
type Schema = { type?: string; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Whether a query parameter or a body field is an id: what it names may be out of the caller's reach (404). */
function namesAnId(operation: Operation, schemas: Record<string, Schema>): boolean {
  const isId = (schema: unknown) => (schema as { pattern?: string } | undefined)?.pattern === OBJECT_ID_PATTERN;
  if ((operation.parameters ?? []).some((parameter) => isId(parameter.schema))) return true;
  const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
  const body = ref ? schemas[ref.split('/').pop()!] : undefined;
  return Object.values(body?.properties ?? {}).some(isId);
}

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } };

/**
 * Adds to the generated document what holds for every operation, so that no controller can forget it
 * and the document says what the server does:
 * - 400 everywhere (the validation pipe refuses unknown query parameters on every route), 401 where a
 *   token is needed, 404 where the path names something, 413 where a body is read, 503 everywhere
 *   (database unreachable), each with the ProblemDetails schema; statuses declared by a controller
 *   without a body (ApiConflictResponse…) get it too;
 * - request bodies refuse unknown fields (the pipe's forbidNonWhitelisted): `additionalProperties: false`
 *   on every DTO schema, and a body whose fields are all optional may be left out;
 * - path ids carry the pattern ParseObjectIdPipe enforces.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const problem = { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

  for (const [name, schema] of Object.entries(schemas)) {
    if (name.endsWith('Dto') && schema.type === 'object') schema.additionalProperties = false;
  }

  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      // A query string cannot carry null: IsOptional's nullable means "may be left out" there.
      for (const parameter of operation.parameters ?? []) if (parameter.in === 'query') delete parameter.schema?.nullable;
      for (const parameter of pathParameters) {
        // Ids are ObjectIds unless the controller documents another format (a series id is a UUID).
        const isObjectId = (parameter.name === 'id' || parameter.name.endsWith('Id')) && !parameter.schema?.format;
        if (isObjectId) parameter.schema = { type: 'string', pattern: OBJECT_ID_PATTERN };
      }

      const shared = [400, 503];
      if (operation.security?.length) shared.push(401);
      if (pathParameters.length || namesAnId(operation, schemas)) shared.push(404);
      if (operation.requestBody) shared.push(413);
      for (const status of shared) operation.responses[status] ??= { description: PROBLEM_DESCRIPTIONS[status] };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        response.content ??= problem;
        if (status === '429' || status === '503') response.headers = { ...retryAfter, ...response.headers };
      }

      const bodyRef = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const bodySchema = bodyRef ? schemas[bodyRef.split('/').pop()!] : undefined;
      if (operation.requestBody && bodySchema && !bodySchema.required?.length) operation.requestBody.required = false;
    }
  }
  return document;
}
