import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../errors/problem.exception';

/** No request of this API nests deeper than a few levels; 5,000 levels overflowed the validators' stack. */
export const MAX_INPUT_DEPTH = 32;

/** Keys that reach an object's prototype when copied or merged (class-transformer, spreads, lodash). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface UnsafeInput {
  field: string;
  message: string;
}

/**
 * Finds the first thing in parsed input that no handler should see: a key that could act as a MongoDB
 * operator (`$…`) or path (`a.b`), a prototype key, or nesting deeper than MAX_INPUT_DEPTH. Walks with
 * its own stack, so hostile depth cannot overflow this check either.
 */
export function findUnsafeInput(value: unknown): UnsafeInput | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: node, path, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path || 'body', message: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(node)) {
      node.forEach((child, index) => children.push({ value: child, path: `${path}[${index}]`, depth: depth + 1 }));
    } else {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.startsWith('$') || key.includes('.')) return { field: childPath, message: 'field names may not start with $ or contain a dot' };
        if (PROTOTYPE_KEYS.has(key)) return { field: childPath, message: 'is a reserved name' };
        children.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
    // Reversed onto the stack so that the first offending field in document order is the one named.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]);
  }
  return undefined;
}

/** The path of the first operator-like key, for callers that only care about those. */
export function findOperatorKey(value: unknown): string | undefined {
  const found = findUnsafeInput(value);
  return found?.message.startsWith('field names') ? found.field : undefined;
}

/** Defence in depth beside DTO validation: no operator, prototype key or absurd nesting reaches a handler. */
export function rejectOperatorKeys(request: Request, _response: Response, next: NextFunction): void {
  const unsafe = findUnsafeInput(request.body) ?? findUnsafeInput(request.query);
  if (unsafe) {
    next(
      new ProblemException(HttpStatus.BAD_REQUEST, 'The request has invalid fields', {
        code: 'validation_failed',
        errors: [unsafe],
      }),
    );
    return;
  }
  next();
}
