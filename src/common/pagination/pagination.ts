import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { badRequest } from '../errors/problem.exception';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Cursors are base64url (and chat's, a message id): nothing else can be one. */
export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';
export const MAX_CURSOR_LENGTH = 2000;

/** Query parameters every collection accepts. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of a previous page, as given', pattern: CURSOR_PATTERN, maxLength: MAX_CURSOR_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'is not a cursor this server gave' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Every field a cursor of this server can hold, with its check. A cursor is base64url of a small
 * JSON object: opaque to clients, but one made by hand must not reach a query as a wrong type
 * (a cast error there is a 500), so each field is checked here, once, for every collection.
 */
const CURSOR_FIELDS: Record<string, (value: unknown) => boolean> = {
  id: isObjectIdText,
  i: isObjectIdText,
  after: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
  r: (value) => typeof value === 'number' && Number.isFinite(value),
  p: (value) => typeof value === 'number' && Number.isFinite(value),
  k: (value) => typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH,
  start: isStoredInstant,
  at: isStoredInstant,
};

function isObjectIdText(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value);
}

/** What Date#toISOString wrote when the cursor was made. */
function isStoredInstant(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string | undefined): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const fields = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  if (!fields.length || !fields.every(([key, field]) => Object.hasOwn(CURSOR_FIELDS, key) && CURSOR_FIELDS[key](field))) {
    throw badRequest('cursor', 'is not a cursor this server gave');
  }
  return value as T;
}

/** Given limit+1 rows, returns one page and the cursor of the next one. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => Record<string, unknown>): Page<T> {
  const items = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { items, nextCursor: hasMore && items.length ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}
