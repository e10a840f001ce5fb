import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Instants are stored in UTC, so a time must say which zone it is in: a local time without `Z` or an
 * offset would silently mean whatever zone the server runs in. Years outside 2000–2099 are typing
 * mistakes or probes (1970, 9999) that would stretch every range scan and calendar: refused early.
 * The pattern is published in the OpenAPI document as is, so clients and fuzzers know the rule.
 */
export const INSTANT_PATTERN =
  '^20\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$';
const INSTANT = new RegExp(INSTANT_PATTERN);
export const DAY = 24 * 3_600_000;

export const INSTANT_MESSAGE = 'must be an ISO-8601 date-time with seconds and Z or an offset (e.g. 2026-06-20T12:00:00Z), in the years 2000 to 2099';

/** Parses an instant as the API accepts it, or answers undefined. */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !INSTANT.test(value)) return undefined;
  // Date.parse rolls 2026-02-30 over to March: the day must exist in its month.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return new Date(value);
}

/** Swagger options of an instant field: the format and the exact pattern the server enforces. */
export const instantSchema = { type: String, format: 'date-time', pattern: INSTANT_PATTERN } as const;

/** An ISO-8601 date-time with a zone, in the years 2000 to 2099 (see INSTANT_PATTERN). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isInstant', validator: { validate: (value) => parseInstant(value) !== undefined, defaultMessage: () => INSTANT_MESSAGE } },
    options,
  );
}

/** An instant field that may be left out (or null: IsOptional lets null through), documented as one. */
export function OptionalInstant(documentation: Pick<ApiPropertyOptions, 'description' | 'nullable'> = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ ...instantSchema, ...documentation }), IsOptional(), IsInstant());
}

/**
 * On `end`: after the object's `start` and at most `maxMs` later, when both are given and valid
 * (an update that moves only one of them is checked by its service against the stored other).
 */
export function EndsWithin(maxMs: number, description: string, options?: ValidationOptions): PropertyDecorator {
  const times = (args?: ValidationArguments) => ({ end: parseInstant(args?.value), start: parseInstant((args?.object as { start?: unknown })?.start) });
  return ValidateBy(
    {
      name: 'endsWithin',
      validator: {
        validate: (_value, args) => {
          const { start, end } = times(args);
          if (!end || !start) return true;
          return end.getTime() > start.getTime() && end.getTime() - start.getTime() <= maxMs;
        },
        defaultMessage: (args) => {
          const { start, end } = times(args);
          return start && end && end.getTime() <= start.getTime() ? 'must be after start' : `must be at most ${description} after start`;
        },
      },
    },
    options,
  );
}

/** A calendar day (YYYY-MM-DD) in the same years as instants. */
export const CALENDAR_DAY_PATTERN = '^20\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
export const calendarDaySchema = { type: String, format: 'date', pattern: CALENDAR_DAY_PATTERN } as const;

/** A calendar day that exists (no 2026-02-30), in the years 2000 to 2099. */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (value) => typeof value === 'string' && new RegExp(CALENDAR_DAY_PATTERN).test(value) && parseInstant(`${value}T00:00:00Z`) !== undefined,
        defaultMessage: () => 'must be a day as YYYY-MM-DD, in the years 2000 to 2099',
      },
    },
    options,
  );
}
