import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../errors/problem.exception';

/** Finds the path of the first key that could act as a MongoDB operator (`$…`) or path (`a.b`). */
export function findOperatorKey(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findOperatorKey(value[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || key.includes('.')) return childPath;
    const found = findOperatorKey(child, childPath);
    if (found) return found;
  }
  return undefined;
}

/** Defence in depth beside DTO validation: no `$`-operator from user input can reach a query. */
export function rejectOperatorKeys(request: Request, _response: Response, next: NextFunction): void {
  const field = findOperatorKey(request.body) ?? findOperatorKey(request.query);
  if (field) {
    next(
      new ProblemException(HttpStatus.BAD_REQUEST, 'The request has invalid fields', {
        code: 'validation_failed',
        errors: [{ field, message: 'field names may not start with $ or contain a dot' }],
      }),
    );
    return;
  }
  next();
}
