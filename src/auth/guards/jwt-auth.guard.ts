import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { AuthUser } from '../../common/decorators/current-user.decorator';
import { IS_PUBLIC } from '../../common/decorators/public.decorator';
import { unauthorized } from '../../common/errors/problem.exception';
import { SessionsService } from '../sessions.service';

/** Global: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  /**
   * Passport keeps one strategy per name in the process: where two app instances share a process
   * (the tests do), the strategy that validated the token may be the other instance's. What this
   * instance itself knows of ended sessions (memory only, no read) is applied here as well.
   */
  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw unauthorized('A valid access token is required');
    const sessionId = (user as unknown as AuthUser).sessionId;
    if (sessionId && this.sessions.isKnownEnded(sessionId)) throw unauthorized('This session has ended; sign in again');
    return user;
  }
}
