import { Injectable, PipeTransform } from '@nestjs/common';
import { OBJECT_ID_PATTERN } from '../dto/object-id';
import { badRequest } from '../errors/problem.exception';

const OBJECT_ID = new RegExp(OBJECT_ID_PATTERN);

/**
 * One optional id read from the body of a route that has no DTO (`@Body(new OptionalBodyIdPipe('associationId'))`):
 * other fields stay ignored, as they always were on that route, but the body must be an object (or
 * absent) and the id, when given, an id — a 400 naming it otherwise, as the OpenAPI document says.
 */
@Injectable()
export class OptionalBodyIdPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly field: string) {}

  transform(body: unknown): string | undefined {
    if (body === undefined) return undefined;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body', 'must be an object');
    const value = (body as Record<string, unknown>)[this.field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !OBJECT_ID.test(value)) throw badRequest(this.field, 'must be an id');
    return value;
  }
}
