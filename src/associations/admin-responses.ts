import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse } from '@nestjs/swagger';

/**
 * Documents the refusals of a route that only an admin of the association may use: 403 to its
 * members, 404 to everyone else (`notFound` names what else may be missing, e.g. the member).
 */
export function AdminOnlyResponses(notFound = 'No such association among mine'): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiForbiddenResponse({ description: 'Not an admin of this association' }), ApiNotFoundResponse({ description: notFound }));
}
