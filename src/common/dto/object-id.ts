import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Matches, ValidationOptions } from 'class-validator';

/** Ids as this server writes them: 24 lowercase hex digits. Published as is in the OpenAPI document. */
export const OBJECT_ID_PATTERN = '^[0-9a-f]{24}$';

/** An id field (or, with `each`, a list of ids): validated and documented with the same pattern. */
export function IsObjectId(options: ValidationOptions = {}): PropertyDecorator {
  const message = options.each ? 'must be a list of ids' : 'must be an id';
  return applyDecorators(
    Matches(new RegExp(OBJECT_ID_PATTERN), { message, ...options }),
    ApiProperty(options.each ? { items: { type: 'string', pattern: OBJECT_ID_PATTERN } } : { pattern: OBJECT_ID_PATTERN }) as PropertyDecorator,
  );
}
