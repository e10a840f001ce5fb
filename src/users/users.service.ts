import type { UserView } from '@maillage/contract';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { SessionsService } from '../auth/sessions.service';
import { DomainEvent, UserSessionsEnded } from '../common/domain-events';
import { badRequest, conflict, notFound } from '../common/errors/problem.exception';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { ShortMemo } from '../common/short-memo';
import { rowById } from '../database/row-by-id';
import { ChangeMarks } from '../database/change-marks';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { UpdateMeDto } from './dto/update-me.dto';
import { hashPassword, verifyPassword } from './password-hasher';
import { Locale, User } from './schemas/user.schema';
import { UserDataRegistry } from './user-data.registry';

// auth.service reads the account view from here.
export type { UserView } from '@maillage/contract';

/** Trimmed and lower-cased: one account per mailbox, however it is typed. */
export const normalizeEmail = (email: string): string => email.normalize('NFC').trim().toLowerCase();

/**
 * How long the per-request account lookup is trusted while the sessions mark stays (ChangeMarks):
 * changes made on this instance are seen at once, and an account deleted on another instance moves
 * the mark, so it stops working here within the mark's 500 ms, as an ended session does. The bound
 * only matters for renames made elsewhere, and if a deletion's move of the mark failed.
 */
const ACCOUNT_LOOKUP_TTL_MS = 10_000;

type ActiveAccount = { _id: Types.ObjectId; email: string; displayName: string };

const activeAccountOf = ({ _id, email, displayName }: ActiveAccount): ActiveAccount => ({ _id, email, displayName });

@Injectable()
export class UsersService implements OnModuleInit {
  private readonly activeAccounts = new ShortMemo<ActiveAccount | null>(ACCOUNT_LOOKUP_TTL_MS, {
    mark: () => this.marks.current('sessions'),
    refreshAhead: true,
  });

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly registry: UserDataRegistry,
    private readonly events: EventEmitter2,
    private readonly sessions: SessionsService,
    private readonly marks: ChangeMarks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'account',
      export: async (userId) => this.getMe(userId),
      // The row itself goes last, in deleteMe: while it exists the caller's token still works, so a
      // deletion interrupted half-way can be retried and finishes the other features' erasure.
      erase: async () => undefined,
    });
  }

  async create(input: { email: string; password: string; displayName: string; locale?: Locale }) {
    const passwordHash = await hashPassword(input.password);
    try {
      const created = await this.users.create({
        email: normalizeEmail(input.email),
        passwordHash,
        displayName: input.displayName.trim(),
        locale: input.locale ?? 'fr',
      });
      // Nobody else knows the account yet: its first requests and sockets need not look it up. Only a
      // saving: the account exists whatever happens to it.
      await this.activeAccounts.prime(async () => new Map([[String(created._id), activeAccountOf(created)]])).catch(() => 0);
      return created;
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw conflict('An account already uses this email', {
          code: 'email_taken',
          errors: [{ field: 'email', message: 'is already registered', code: 'taken' }],
        });
      }
      throw error;
    }
  }

  findByEmail(email: string) {
    return this.users.findOne({ email: normalizeEmail(email) }).lean();
  }

  /** The light lookup of every request and socket: a deleted account stops at once here, within the mark's 500 ms elsewhere. */
  findActive(userId: string): Promise<ActiveAccount | null> {
    if (!Types.ObjectId.isValid(userId)) return Promise.resolve(null);
    return this.activeAccounts.get(userId, () => this.readActive(userId));
  }

  /** Reads these accounts in one query and remembers them as `findActive` would have (a missing one as gone). */
  async primeActive(userIds: string[]): Promise<void> {
    await this.activeAccounts.prime(async () => {
      const ids = userIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      const rows = await this.users.find({ _id: { $in: ids } }, { email: 1, displayName: 1 }).lean<ActiveAccount[]>();
      const found = new Map(rows.map((row) => [String(row._id), row]));
      return new Map(ids.map((id) => [String(id), found.get(String(id)) ?? null]));
    });
  }

  /** The database's answer, by `_id`. */
  private readActive(userId: string): Promise<ActiveAccount | null> {
    return rowById(this.users, userId, { email: 1, displayName: 1 });
  }

  async getMe(userId: string): Promise<UserView> {
    const user = await this.users.findById(userId).lean();
    if (!user) throw notFound('User');
    return this.toView(user);
  }

  /**
   * getMe for a session being opened or refreshed: the same read also answers the account lookups
   * that the new token's requests and sockets make next (remembered as `findActive` would).
   */
  async signedIn(userId: string): Promise<UserView> {
    const read: { user?: (User & { _id: Types.ObjectId }) | null } = {};
    await this.activeAccounts.prime(async () => {
      read.user = await this.users.findById(userId).lean();
      return new Map(read.user ? [[userId, activeAccountOf(read.user)]] : []);
    });
    if (!read.user) throw notFound('User');
    return this.toView(read.user);
  }

  /**
   * A new password ends every other session of the account (`currentSessionId` is kept): before the
   * change, so that a failed write leaves no session alive that should have ended, and after it, for
   * a session opened with the old password in between.
   */
  async updateMe(userId: string, input: UpdateMeDto, currentSessionId?: string): Promise<UserView> {
    const set: Partial<User> = {};
    if (input.displayName !== undefined) set.displayName = input.displayName;
    if (input.locale !== undefined) set.locale = input.locale;
    if (input.newPassword !== undefined) {
      const user = await this.users.findById(userId, { passwordHash: 1 }).lean();
      if (!user) throw notFound('User');
      if (!input.currentPassword || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw badRequest('currentPassword', 'does not match your current password', 'wrong_password');
      }
      set.passwordHash = await hashPassword(input.newPassword);
      await this.sessions.endOthers(userId, currentSessionId, 'password_changed');
    }
    const updated = await this.users.findByIdAndUpdate(userId, { $set: set }, { new: true }).lean();
    this.activeAccounts.forget(userId);
    if (!updated) throw notFound('User');
    if (set.passwordHash) await this.sessions.endOthers(userId, currentSessionId, 'password_changed');
    return this.toView(updated);
  }

  /** A password reset; the caller ends the sessions. */
  async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.users.updateOne({ _id: new Types.ObjectId(userId) }, { $set: { passwordHash } });
  }

  exportMe(userId: string): Promise<Record<string, unknown>> {
    return this.registry.exportAll(userId).then((parts) => ({ exportedAt: new Date().toISOString(), ...parts }));
  }

  /** Erases the account; every feature erases or anonymizes its part through the registry. */
  async deleteMe(userId: string): Promise<void> {
    const exists = await this.users.exists({ _id: new Types.ObjectId(userId) });
    if (!exists) throw notFound('User');
    await this.registry.eraseAll(userId);
    await this.users.deleteOne({ _id: new Types.ObjectId(userId) });
    this.activeAccounts.forget(userId);
    const event: UserSessionsEnded = { userId, reason: 'account_deleted' };
    this.events.emit(DomainEvent.UserSessionsEnded, event);
    // The account is gone already: failing the answer now would only make its retry a 404. Other
    // instances then learn of it from the relay, or within the lookup's 10 s.
    await this.marks.moveOrWarn('sessions');
  }

  /** Display names for ids (deleted accounts simply do not appear). */
  async displayNames(userIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    const rows = await this.users.find({ _id: { $in: ids } }, { displayName: 1 }).lean();
    return new Map(rows.map((row) => [String(row._id), row.displayName]));
  }

  toView(user: User & { _id: Types.ObjectId }): UserView {
    return {
      id: String(user._id),
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      calendarFeedUrl: user.calendarToken ? `${this.config.publicUrl}/api/calendar/${user.calendarToken}.ics` : null,
      createdAt: new Date(user.createdAt).toISOString(),
      updatedAt: new Date(user.updatedAt).toISOString(),
    };
  }
}
