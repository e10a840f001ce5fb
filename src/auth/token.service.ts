import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';

export interface AccessTokenPayload {
  sub: string;
  email: string;
  name: string;
  exp?: number;
}

/** Signs and checks access tokens; the realtime gateway uses it for socket handshakes too. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  signAccessToken(user: AuthUser): string {
    const payload: AccessTokenPayload = { sub: user.id, email: user.email, name: user.displayName };
    return this.jwt.sign(payload, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  /** The user and the token's expiry (ms since epoch), or null when the token is bad or expired. */
  verifyAccessToken(token: unknown): { user: AuthUser; expiresAt: number } | null {
    if (typeof token !== 'string' || !token) return null;
    try {
      const payload = this.jwt.verify<AccessTokenPayload>(token);
      return {
        user: { id: payload.sub, email: payload.email, displayName: payload.name },
        expiresAt: (payload.exp ?? 0) * 1000,
      };
    } catch {
      return null;
    }
  }
}
