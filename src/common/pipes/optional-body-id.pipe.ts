import { Injectable, PipeTransform } from '@nestjs/common';
import { OBJECT_ID_PATTERN } from '../dto/object-id';
import { badRequest } from '../errors/problem.exception';

const OBJECT_ID = new RegExp(OBJECT_ID_PATTERN);

/**
 * One optional id read from a body that has no DTO (`@Body('associationId', new OptionalBodyIdPipe('associationId'))`):
 * the route keeps ignoring other fields, and a malformed id is a 400 naming the field.
 */
@Injectable()
export class OptionalBodyIdPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly field: string) {}

  transform(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !OBJECT_ID.test(value)) throw badRequest(this.field, 'must be an id');
    return value;
  }
}
