import type { ProblemExtras } from '@maillage/contract';
import { HttpException, HttpStatus } from '@nestjs/common';

export type { FieldError, ProblemExtras } from '@maillage/contract';

/** An error that becomes an RFC 9457 problem document (see ProblemDetailsFilter). */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail, status);
  }
}

export const notFound = (what = 'Resource') => new ProblemException(HttpStatus.NOT_FOUND, `${what} not found`, { code: 'not_found' });

export const forbidden = (detail = 'You do not have the role this action needs') => new ProblemException(HttpStatus.FORBIDDEN, detail, { code: 'forbidden' });

export const conflict = (detail: string, extras: ProblemExtras = {}) => new ProblemException(HttpStatus.CONFLICT, detail, { code: 'conflict', ...extras });

/** A 409 for a state machine transition that is not allowed; carries the object as it is now. */
export const invalidTransition = (what: string, action: string, current: { status?: string } & object) =>
  conflict(`Cannot ${action} a ${what} whose status is ${current.status ?? 'unknown'}`, { code: 'invalid_transition', current });

export const staleVersion = (current: unknown) => conflict('This was changed by someone else; here is the current version', { code: 'stale_version', current });

/** `code` names the rule for clients to word it (see FieldError.code); the message is for API users. */
export const badRequest = (field: string, message: string, code?: string) =>
  new ProblemException(HttpStatus.BAD_REQUEST, 'The request has invalid fields', {
    code: 'validation_failed',
    errors: [{ field, message, ...(code ? { code } : {}) }],
  });

export const unauthorized = (detail = 'Authentication is required') => new ProblemException(HttpStatus.UNAUTHORIZED, detail, { code: 'unauthorized' });
