import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { unauthorized } from '../../common/errors/problem.exception';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app.config';
import { UsersService } from '../../users/users.service';
import { AccessTokenPayload } from '../token.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: config.jwtSecret,
      // Pinned so a token cannot pick its own algorithm (e.g. "none").
      algorithms: ['HS256'],
    });
  }

  /** A deleted account's tokens stop working on the next request. */
  async validate(payload: AccessTokenPayload): Promise<AuthUser> {
    const user = await this.users.findActive(payload.sub);
    if (!user) throw unauthorized();
    return { id: String(user._id), email: user.email, displayName: user.displayName };
  }
}
