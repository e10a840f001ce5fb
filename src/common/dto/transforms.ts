/** For @Transform: surrounding spaces are never part of a name or a title. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The one wording of a bad date-time, for @IsISO8601. */
export const isoMessage = { message: 'must be an ISO-8601 date-time' };
