import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { unauthorized } from '../../common/errors/problem.exception';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app.config';
import { UsersService } from '../../users/users.service';
import { SessionsService } from '../sessions.service';
import { AccessTokenPayload, hasSessionClaims } from '../token.service';
import { jwtKey } from '../jwt-key';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: jwtKey(config.jwtSecret) as unknown as string,
      // Pinned so a token cannot pick its own algorithm (e.g. "none").
      algorithms: ['HS256'],
    });
  }

  /**
   * A deleted account's tokens, and those of an ended session, stop working on the next request.
   * passport-jwt accepts a token without `exp` (it only checks one that is there): refused here.
   */
  async validate(payload: AccessTokenPayload): Promise<AuthUser> {
    if (!hasSessionClaims(payload)) throw unauthorized('A valid access token is required');
    const [user, live] = await Promise.all([this.users.findActive(payload.sub), this.sessions.isLive(payload.sid)]);
    if (!user || !live) throw unauthorized('This session has ended; sign in again');
    this.sessions.seen(payload.sid);
    return { id: String(user._id), email: user.email, displayName: user.displayName, sessionId: payload.sid };
  }
}
