import { HttpStatus } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../errors/problem.exception';

/**
 * A known path asked with a method it does not serve answers 405 with `Allow` (RFC 9110), not the
 * router's 404: clients learn the path is right. The routes are read from the OpenAPI document, the
 * one list of the API's operations.
 */
export function methodNotAllowed(document: OpenAPIObject) {
  const routes = Object.entries(document.paths).map(([path, item]) => {
    const pattern = path
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const methods = Object.keys(item)
      .filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
      .map((key) => key.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { matcher: new RegExp(`^${pattern}/?$`), literal: !path.includes('{'), allow: [...methods, 'OPTIONS'] };
  });

  return (request: Request, response: Response, next: NextFunction): void => {
    // A path can fit several templates (/associations/mine and /associations/{id}): a literal one is
    // what the client means; otherwise any template that fits may serve it.
    const fitting = routes.filter((candidate) => candidate.matcher.test(request.path));
    const literal = fitting.filter((route) => route.literal);
    const allow = new Set((literal.length ? literal : fitting).flatMap((route) => route.allow));
    if (!allow.size || allow.has(request.method)) return next();
    response.setHeader('Allow', [...allow].join(', '));
    next(new ProblemException(HttpStatus.METHOD_NOT_ALLOWED, `${request.method} is not allowed here`, { code: 'method_not_allowed' }));
  };
}
