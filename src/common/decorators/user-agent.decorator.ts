import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The caller's User-Agent, to label a session's device. A parameter decorator of our own rather
 * than `@Headers('user-agent')`, which the OpenAPI document would list as a required header.
 */
export const UserAgent = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  return context.switchToHttp().getRequest<Request>().get('user-agent');
});
