import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { UsersService } from '../users/users.service';
import { SessionsService } from './sessions.service';

export interface AccessTokenPayload {
  sub: string;
  email: string;
  name: string;
  /** The session (refresh-token family) the token belongs to: ending it ends the token. */
  sid?: string;
  exp?: number;
}

export interface VerifiedAccessToken {
  user: AuthUser;
  /** ms since epoch */
  expiresAt: number;
  sessionId: string;
}

/** Signs and checks access tokens; the realtime gateway uses it for socket handshakes too. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  signAccessToken(user: AuthUser, sessionId: string): string {
    const payload: AccessTokenPayload = { sub: user.id, email: user.email, name: user.displayName, sid: sessionId };
    return this.jwt.sign(payload, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  /**
   * The token's user, expiry and session, or null when the token is bad, expired, lacks `exp` or
   * `sid`, its session has ended or its account is gone. Rejects only when the database cannot be
   * read. (Account deletion erases the session records, so the account itself is checked too.)
   */
  async verifyAccessToken(token: unknown): Promise<VerifiedAccessToken | null> {
    const payload = this.decodeAccessToken(token);
    if (!payload) return null;
    const [live, user] = await Promise.all([this.sessions.isLive(payload.sid), this.users.findActive(payload.sub)]);
    // Asked again without waiting: an end relayed while the account was being read must not let a
    // socket in after its session's sockets were closed.
    if (!live || !user || this.sessions.isKnownEnded(payload.sid)) return null;
    return {
      user: { id: payload.sub, email: payload.email, displayName: payload.name, sessionId: payload.sid },
      expiresAt: payload.exp * 1000,
      sessionId: payload.sid,
    };
  }

  /** Signature and claims only (no session check): a token without `exp` or `sid` is refused. */
  decodeAccessToken(token: unknown): (AccessTokenPayload & { sid: string; exp: number }) | null {
    if (typeof token !== 'string' || !token) return null;
    try {
      const payload = this.jwt.verify<AccessTokenPayload>(token);
      return hasSessionClaims(payload) && payload.exp * 1000 > Date.now() ? payload : null;
    } catch {
      return null;
    }
  }

  /** The realtime relay tells every instance which sessions ended elsewhere. */
  noteSessionsEnded(sessionIds: readonly string[]): void {
    this.sessions.noteEnded(sessionIds);
  }
}

export function hasSessionClaims(payload: AccessTokenPayload): payload is AccessTokenPayload & { sid: string; exp: number } {
  return (
    typeof payload.exp === 'number' && Number.isFinite(payload.exp) && typeof payload.sid === 'string' && payload.sid.length > 0 && payload.sid.length <= 64
  );
}
