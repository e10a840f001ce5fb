import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated caller, as the JWT strategy put it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  /** The session (`sid` of the access token) the request was made in. */
  sessionId?: string;
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
