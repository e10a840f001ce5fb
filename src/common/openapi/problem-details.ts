import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

class FieldErrorSchema {
  @ApiProperty({ example: 'end' })
  field: string;

  @ApiProperty({ example: 'must be after start' })
  message: string;

  @ApiPropertyOptional({ example: 'isEmail', description: 'The rule the field broke, for clients to word it in their language' })
  code?: string;
}

/** The one error shape of the API (RFC 9457), as ProblemDetailsFilter writes it. */
export class ProblemDetails {
  @ApiProperty({ example: 'https://maillage.org/problems/validation-failed' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields' })
  detail: string;

  @ApiProperty({ description: 'A stable name of the error, e.g. validation_failed, stale_version, not_found', example: 'validation_failed' })
  code: string;

  @ApiProperty({ type: [FieldErrorSchema], description: 'One entry per refused field (empty when no field is at fault)' })
  errors: FieldErrorSchema[];

  @ApiPropertyOptional({ description: 'The path of the request' })
  instance?: string;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'On a 409 for a stale version or a refused transition: the object as it is now (null when it is gone)',
  })
  current?: unknown;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'On a booking conflict (409): the bookings in the way' })
  conflicts?: unknown[];
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** What each status means on this API; an operation may say more in its own description. */
export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names each refused field (unknown fields and query parameters included)',
  401: 'No valid access token',
  403: 'Visible to the caller, but their role does not allow this action',
  404: 'Not found, or outside the caller’s reach (never a hint that it exists)',
  405: 'The path exists but not with this method (see the Allow header)',
  409: 'Conflict with the current state: `current` (stale version, refused transition) or `conflicts` (bookings)',
  413: 'The request body is larger than BODY_LIMIT_BYTES',
  429: 'Too many requests from this address: retry after the delay in Retry-After',
  503: 'The database is unreachable: retry after the delay in Retry-After',
};

export const problemContent = () => ({ [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } });

/**
 * Documents the error statuses an operation can answer beyond those every operation shares (400,
 * 401 on protected routes, 404 with a path id, 413 with a body, 503: see completeOpenApiDocument):
 * `@ApiProblems(403, 409)`. A description replaces the generic one of its status.
 */
export function ApiProblems(...statuses: (number | [number, string])[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, PROBLEM_DESCRIPTIONS[entry] ?? 'Error'];
      return ApiResponse({ status, description, content: problemContent() });
    }),
  );
}
