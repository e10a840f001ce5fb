import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
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

/** Past this many, the remembered signature checks start over. */
const MAX_CHECKED_TOKENS = 10_000;
/** At most this many recent sessions are read at start (the most recently seen first). */
const WARM_UP_SESSIONS = 10_000;

/** Signs and checks access tokens; the realtime gateway uses it for socket handshakes too. */
@Injectable()
export class TokenService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TokenService.name);
  /**
   * Tokens whose signature and claims were already checked, by their exact text. A user's devices
   * reconnect with the same token (ten sockets of one member after a restart): the signature is
   * checked once, the expiry at each use.
   */
  private readonly checked = new Map<string, AccessTokenPayload & { sid: string; exp: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Settles once the start-up warm-up is done (or failed, which is only logged). */
  warmedUp: Promise<void> = Promise.resolve();

  onApplicationBootstrap(): void {
    // In the background: serving does not wait for it, and a lookup it has not done yet is made as usual.
    this.warmedUp = this.warmUp().catch((error: Error) => this.logger.warn(`Could not read the recent sessions at start: ${error.message}`));
  }

  /**
   * After a restart (a deploy), every open client reconnects within seconds, and each handshake asks
   * whether its session is live and its account still there: one read each, 200 for 100 members on
   * 1,000 sockets, queued on the database's one connection. Any token still valid belongs to a
   * session refreshed (or opened) within the token's lifetime, which records `lastSeenAt`; those
   * sessions and their accounts are read here in three queries and remembered as the lookups would
   * have been (under the sessions mark, for the same time).
   */
  async warmUp(): Promise<void> {
    const userIds = await this.sessions.primeRecent(this.config.accessTokenTtlSeconds * 1000, WARM_UP_SESSIONS);
    if (userIds.length) await this.users.primeActive(userIds);
  }

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
    let payload = this.checked.get(token);
    if (!payload) {
      try {
        const verified = this.jwt.verify<AccessTokenPayload>(token);
        if (!hasSessionClaims(verified)) return null;
        payload = verified;
      } catch {
        return null;
      }
      if (this.checked.size >= MAX_CHECKED_TOKENS) this.checked.clear();
      this.checked.set(token, payload);
    }
    if (payload.exp * 1000 > Date.now()) return payload;
    this.checked.delete(token);
    return null;
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
