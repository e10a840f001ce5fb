import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { DomainEvent, UserSessionsEnded } from '../common/domain-events';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { notFound } from '../common/errors/problem.exception';
import { APP_CONFIG } from '../config/config.module';
import type { SessionView } from '@maillage/contract';
import { AppConfig } from '../config/app.config';
import { ShortMemo } from '../common/short-memo';
import { ChangeMarks } from '../database/change-marks';
import { rowById } from '../database/row-by-id';
import { deviceLabel } from './device-label';
import { RefreshToken, RevokedFamily } from './schemas/refresh-token.schema';
import { Session } from './schemas/session.schema';

export type SessionEndReason = Exclude<UserSessionsEnded['reason'], 'account_deleted'>;

/**
 * A "live" answer is trusted while the sessions mark stays (ChangeMarks), up to this long. Revocations
 * made on this instance are seen at once, other instances tell it through the realtime relay, and
 * every revocation moves the mark, which each instance reads again within 500 ms: even with the relay
 * lost, every instance sees a revocation within 1 s. This bound only matters if a revocation's move
 * of the mark failed (its request then fails too, and is retried).
 */
const LIVE_STATE_TTL_MS = 10_000;
const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;
/** Past this many remembered sessions the memo starts over (the database stays the reference). */
const MAX_REMEMBERED = 50_000;
const USER_AGENT_MAX_CHARS = 512;

const REVOCATION_REASON: Record<SessionEndReason, RevokedFamily['reason']> = {
  logout: 'logout',
  reuse_detected: 'reuse',
  password_changed: 'password_changed',
  session_revoked: 'session_revoked',
};

/**
 * Sessions (refresh-token families) as the account sees them, and the per-request question "is this
 * session still alive?" that the JWT strategy and the socket handshake ask.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);
  /** Sessions this instance knows ended for good (ended here, relayed, or found revoked). */
  private readonly ended = new Set<string>();
  /** Whether a revocation row exists, per session: one read shared by concurrent requests, kept while the sessions mark stays. */
  private readonly revocations = new ShortMemo<boolean>(LIVE_STATE_TTL_MS, {
    maxKeys: MAX_REMEMBERED,
    mark: () => this.marks.current('sessions'),
    refreshAhead: true,
  });
  private readonly lastSeenWrites = new Map<string, number>();

  constructor(
    @InjectModel(Session.name) private readonly sessions: Model<Session>,
    @InjectModel(RefreshToken.name) private readonly refreshTokens: Model<RefreshToken>,
    @InjectModel(RevokedFamily.name) private readonly revokedFamilies: Model<RevokedFamily>,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly marks: ChangeMarks,
  ) {}

  /** Records a new session and answers its id (the familyId of its refresh tokens). */
  async open(userId: string, userAgent: string | undefined): Promise<string> {
    const sessionId = randomUUID();
    const now = new Date();
    await this.sessions.create({
      _id: sessionId,
      userId: new Types.ObjectId(userId),
      device: deviceLabel(userAgent),
      userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX_CHARS) : null,
      createdAt: now,
      lastSeenAt: now,
    });
    // A new id nobody holds yet cannot have been revoked: its token's first checks need not ask.
    // Only a saving: the session is open whatever happens to it.
    await this.revocations.prime(async () => new Map([[sessionId, false]])).catch(() => 0);
    return sessionId;
  }

  /** At each refresh; a family opened before sessions were recorded gets its record here. */
  async refreshed(sessionId: string, userId: string): Promise<void> {
    const now = new Date();
    this.lastSeenWrites.set(sessionId, now.getTime());
    const { matchedCount } = await this.sessions.updateOne({ _id: sessionId }, { $set: { lastSeenAt: now } });
    if (matchedCount) return;
    try {
      await this.sessions.create({
        _id: sessionId,
        userId: new Types.ObjectId(userId),
        device: deviceLabel(undefined),
        userAgent: null,
        createdAt: now,
        lastSeenAt: now,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Whether the session may still be used: never ended (logout, reuse, password change, removal). */
  async isLive(sessionId: string): Promise<boolean> {
    if (this.ended.has(sessionId)) return false;
    if (await this.revocations.get(sessionId, () => this.isRevoked(sessionId))) this.noteEnded([sessionId]);
    // A revocation noted while the read was in flight wins over the read.
    return !this.ended.has(sessionId);
  }

  /**
   * Reads, in two queries, whether each session seen within `withinMs` was revoked, and remembers it
   * as `isLive` would have (see TokenService.warmUp). Answers those sessions' users.
   */
  async primeRecent(withinMs: number, limit: number): Promise<string[]> {
    const recent = await this.sessions
      .find({ lastSeenAt: { $gte: new Date(Date.now() - withinMs) } }, { userId: 1 })
      .sort({ lastSeenAt: -1 })
      .limit(limit)
      .lean();
    if (!recent.length) return [];
    await this.revocations.prime(async () => {
      const rows = await this.revokedFamilies.find({ _id: { $in: recent.map((row) => row._id) } }, { _id: 1 }).lean();
      const revoked = new Set(rows.map((row) => String(row._id)));
      return new Map(recent.map((row) => [String(row._id), revoked.has(String(row._id))]));
    });
    return [...new Set(recent.map((row) => String(row.userId)))];
  }

  /** What this instance already knows, without asking the database. */
  isKnownEnded(sessionId: string): boolean {
    return this.ended.has(sessionId);
  }

  /** Ended sessions learned from another instance (realtime relay) or from this one. */
  noteEnded(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) {
      if (this.ended.size >= MAX_REMEMBERED) this.ended.clear();
      this.ended.add(sessionId);
    }
  }

  /** Lazily records activity: at most one write a minute per session and instance. */
  seen(sessionId: string): void {
    const now = Date.now();
    if (now - (this.lastSeenWrites.get(sessionId) ?? 0) < LAST_SEEN_WRITE_INTERVAL_MS) return;
    if (this.lastSeenWrites.size >= MAX_REMEMBERED) this.lastSeenWrites.clear();
    this.lastSeenWrites.set(sessionId, now);
    this.sessions.updateOne({ _id: sessionId }, { $set: { lastSeenAt: new Date(now) } }).catch((error: unknown) => {
      this.logger.warn(`Could not record when session ${sessionId} was last seen: ${String(error)}`);
    });
  }

  /** The live sessions of the user, most recently seen first. */
  async list(userId: string, currentSessionId: string | undefined): Promise<SessionView[]> {
    const owner = new Types.ObjectId(userId);
    const [rows, revoked] = await Promise.all([
      this.sessions.find({ userId: owner }).lean(),
      this.revokedFamilies.find({ userId: owner }, { familyId: 1 }).lean(),
    ]);
    const ended = new Set(revoked.map((row) => row.familyId));
    // Unused for longer than a refresh token lives: its last refresh token has expired.
    const oldest = Date.now() - this.config.refreshTokenTtlDays * 86_400_000;
    return rows
      .filter((row) => !ended.has(row._id) && new Date(row.lastSeenAt).getTime() > oldest)
      .sort((a, b) => new Date(b.lastSeenAt).getTime() - new Date(a.lastSeenAt).getTime())
      .map((row) => ({
        id: row._id,
        device: row.device,
        createdAt: new Date(row.createdAt).toISOString(),
        lastSeenAt: new Date(row.lastSeenAt).toISOString(),
        current: row._id === currentSessionId,
      }));
  }

  /** DELETE /api/me/sessions/:id: another user's, unknown or already ended sessions answer 404. */
  async endOne(userId: string, sessionId: string): Promise<void> {
    const owner = new Types.ObjectId(userId);
    const [recorded, tokens, revoked] = await Promise.all([
      this.sessions.exists({ _id: sessionId, userId: owner }),
      this.refreshTokens.exists({ familyId: sessionId, userId: owner }),
      this.revokedFamilies.exists({ familyId: sessionId }),
    ]);
    if ((!recorded && !tokens) || revoked) throw notFound('Session');
    await this.end(userId, [sessionId], 'session_revoked');
  }

  /** After a password change: every session of the account but the one that changed it. */
  async endOthers(userId: string, keptSessionId: string | undefined, reason: SessionEndReason): Promise<void> {
    const owner = new Types.ObjectId(userId);
    const [recorded, tokens, revoked] = await Promise.all([
      this.sessions.find({ userId: owner }, { _id: 1 }).lean(),
      this.refreshTokens.find({ userId: owner, revokedAt: null }, { familyId: 1 }).lean(),
      this.revokedFamilies.find({ userId: owner }, { familyId: 1 }).lean(),
    ]);
    const sessionIds = new Set([...recorded.map((row) => row._id), ...tokens.map((row) => row.familyId)]);
    for (const row of revoked) sessionIds.delete(row.familyId);
    if (keptSessionId) sessionIds.delete(keptSessionId);
    await this.end(userId, [...sessionIds], reason);
  }

  /**
   * Ends sessions for good: their refresh tokens, their access tokens (the `sid` check) and, through
   * the realtime gateway, their sockets on every instance.
   */
  async end(userId: string, sessionIds: string[], reason: SessionEndReason): Promise<void> {
    if (!sessionIds.length) return;
    const revokedAt = new Date();
    const owner = new Types.ObjectId(userId);
    await Promise.all(
      sessionIds.map(async (familyId) => {
        try {
          await this.revokedFamilies.create({ _id: familyId, familyId, userId: owner, reason: REVOCATION_REASON[reason], revokedAt });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      }),
    );
    // The revocation rows decide; the sockets close now, whatever happens to the informative write below.
    this.noteEnded(sessionIds);
    const event: UserSessionsEnded = { userId, reason, sessionIds };
    this.events.emit(DomainEvent.UserSessionsEnded, event);
    await this.marks.move('sessions');
    await this.refreshTokens.updateMany({ familyId: { $in: sessionIds }, revokedAt: null }, { $set: { revokedAt } });
  }

  /** GET /api/me/export: every recorded session, ended or not, with its full User-Agent. */
  async exportFor(userId: string): Promise<Record<string, unknown>[]> {
    const owner = new Types.ObjectId(userId);
    const [rows, revoked] = await Promise.all([
      this.sessions.find({ userId: owner }).lean(),
      this.revokedFamilies.find({ userId: owner }, { familyId: 1, revokedAt: 1 }).lean(),
    ]);
    const endedAt = new Map(revoked.map((row) => [row.familyId, new Date(row.revokedAt).toISOString()]));
    return rows.map((row) => ({
      id: row._id,
      device: row.device,
      userAgent: row.userAgent,
      createdAt: new Date(row.createdAt).toISOString(),
      lastSeenAt: new Date(row.lastSeenAt).toISOString(),
      endedAt: endedAt.get(row._id) ?? null,
    }));
  }

  async erase(userId: string): Promise<void> {
    await this.sessions.deleteMany({ userId: new Types.ObjectId(userId) });
  }

  /** The database's answer, by `_id`: a revocation row exists for this session. */
  private async isRevoked(sessionId: string): Promise<boolean> {
    return (await rowById(this.revokedFamilies, sessionId, { _id: 1 })) !== null;
  }
}
