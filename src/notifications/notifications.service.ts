import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { FilterQuery, Model, Types } from 'mongoose';
import type { NotificationKind, NotificationPage, NotificationSettings, NotificationView } from '@maillage/contract';
import { AccessService } from '../common/access/access.service';
import { DomainEvent, NotificationCreated } from '../common/domain-events';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { notFound } from '../common/errors/problem.exception';
import { oid } from '../common/ids';
import { decodeCursor, DEFAULT_LIMIT, toPage } from '../common/pagination/pagination';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { layoutMail } from '../mail/mail-layout';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { Locale, User } from '../users/schemas/user.schema';
import { UserDataRegistry } from '../users/user-data.registry';
import { ListNotificationsDto, MarkReadDto } from './dto/notifications.dto';
import { MAIL_WORDS, NotificationFacts, notificationTexts } from './notification-texts';
import { Notification, NotificationSettingsRow } from './schemas/notification.schema';

/** Something happened that some people should hear of (built by NotificationsListener or the scheduler). */
export interface NotificationDraft {
  kind: NotificationKind;
  /** Names the event once and for all: with the recipient, the notification's unique key. */
  source: string;
  projectId?: string | null;
  recipients: string[];
  /** Who did it: never notified of their own action. */
  actorId?: string | null;
  facts: NotificationFacts;
  link: string;
}

export const DEFAULT_SETTINGS: NotificationSettings = { email: 'immediate', muted: [] };
/** Kinds whose recipients may not have access to the project yet (the invited association's admins). */
const WITHOUT_PROJECT_ACCESS = new Set<NotificationKind>(['project.invited']);

type Row = Notification & { _id: Types.ObjectId };
type Recipient = { _id: Types.ObjectId; email: string; locale: Locale; displayName: string };

/**
 * The notification center: stores each recipient's notification once, pushes it to their sockets
 * (through a domain event the realtime gateway relays) and queues its e-mail. Services never call
 * this: NotificationsListener turns their domain events into drafts.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
    @InjectModel(NotificationSettingsRow.name) private readonly settings: Model<NotificationSettingsRow>,
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly access: AccessService,
    private readonly mail: MailOutboxService,
    private readonly events: EventEmitter2,
    private readonly registry: UserDataRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'notifications',
      export: async (userId) => ({
        settings: await this.getSettings(userId),
        items: (
          await this.notifications
            .find({ userId: oid(userId) })
            .sort({ _id: -1 })
            .lean()
        ).map((row) => this.toView(row)),
      }),
      // Others' notifications of this person's actions name them: they go too, with any mail queued to them.
      erase: async (userId) => {
        const user = await this.users.findById(userId, { email: 1 }).lean();
        await this.notifications.deleteMany({ $or: [{ userId: oid(userId) }, { actorId: oid(userId) }] });
        await this.settings.deleteOne({ _id: oid(userId) });
        if (user) await this.mail.forget(user.email);
      },
    });
  }

  /** Stores, pushes and mails the draft to each recipient who may see it and has not muted its kind. */
  async deliver(draft: NotificationDraft): Promise<void> {
    const ids = [...new Set(draft.recipients)].filter((id) => id !== draft.actorId && Types.ObjectId.isValid(id));
    if (!ids.length) return;
    const allowed = await this.withAccess(draft, ids);
    if (!allowed.length) return;
    const [people, settingsRows] = await Promise.all([
      this.users.find({ _id: { $in: allowed.map(oid) } }, { email: 1, locale: 1, displayName: 1 }).lean<Recipient[]>(),
      this.settings.find({ _id: { $in: allowed.map(oid) } }).lean(),
    ]);
    const settingsOf = new Map(settingsRows.map((row) => [String(row._id), row]));
    for (const person of people) {
      const settings = settingsOf.get(String(person._id)) ?? DEFAULT_SETTINGS;
      if (settings.muted.includes(draft.kind)) continue;
      try {
        await this.deliverTo(person, settings, draft);
      } catch (error) {
        this.logger.warn(`Could not notify ${String(person._id)} of ${draft.source}: ${String(error)}`);
      }
    }
  }

  async list(userId: string, query: ListNotificationsDto): Promise<NotificationPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ id: string }>(query.cursor);
    const filter: FilterQuery<Notification> = { userId: oid(userId) };
    if (query.unread === true) filter.readAt = null;
    if (query.unread === false) filter.readAt = { $ne: null };
    if (after) filter._id = { $lt: oid(after.id) };
    const [rows, unreadCount] = await Promise.all([
      this.notifications
        .find(filter)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .lean<Row[]>(),
      this.unreadCount(userId),
    ]);
    const page = toPage(rows, limit, (last) => ({ id: String(last._id) }));
    return { items: page.items.map((row) => this.toView(row)), nextCursor: page.nextCursor, unreadCount };
  }

  /** Marks the given notifications (or all) read; answers the unread count after. */
  async markRead(userId: string, input: MarkReadDto): Promise<{ unreadCount: number }> {
    const filter: FilterQuery<Notification> = { userId: oid(userId), readAt: null };
    if (!input.all) filter._id = { $in: (input.ids ?? []).map(oid) };
    await this.notifications.updateMany(filter, { $set: { readAt: new Date() } });
    return { unreadCount: await this.unreadCount(userId) };
  }

  async getSettings(userId: string): Promise<NotificationSettings> {
    const row = await this.settings.findById(oid(userId)).lean();
    return row ? { email: row.email, muted: row.muted } : { ...DEFAULT_SETTINGS };
  }

  async putSettings(userId: string, input: NotificationSettings): Promise<NotificationSettings> {
    const muted = [...new Set(input.muted)];
    await this.settings.updateOne({ _id: oid(userId) }, { $set: { email: input.email, muted, updatedAt: new Date() } }, { upsert: true });
    return { email: input.email, muted };
  }

  /** RFC 8058 one-click unsubscribe: the signed link of an e-mail turns that user's e-mail off. */
  async unsubscribe(userId: string, token: string): Promise<void> {
    if (!Types.ObjectId.isValid(userId) || !this.verifyUnsubscribeToken(userId, token)) throw notFound('Subscription');
    const current = await this.getSettings(userId);
    await this.putSettings(userId, { ...current, email: 'off' });
  }

  unsubscribeUrl(userId: string): string {
    return `${this.config.publicUrl}/api/notifications/unsubscribe?user=${userId}&token=${this.unsubscribeToken(userId)}`;
  }

  unsubscribeHeaders(userId: string): Record<string, string> {
    return { 'List-Unsubscribe': `<${this.unsubscribeUrl(userId)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  toView(row: Row): NotificationView {
    return {
      id: String(row._id),
      kind: row.kind,
      projectId: row.projectId ? String(row.projectId) : null,
      title: row.title,
      body: row.body,
      link: row.link,
      createdAt: new Date(row.createdAt).toISOString(),
      readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
    };
  }

  private unreadCount(userId: string): Promise<number> {
    return this.notifications.countDocuments({ userId: oid(userId), readAt: null });
  }

  private async withAccess(draft: NotificationDraft, ids: string[]): Promise<string[]> {
    if (!draft.projectId || WITHOUT_PROJECT_ACCESS.has(draft.kind)) return ids;
    const projectId = draft.projectId;
    const checks = await Promise.all(ids.map((id) => this.access.mayAccessProject(id, projectId, 'project.read')));
    return ids.filter((_, index) => checks[index]);
  }

  private async deliverTo(person: Recipient, settings: NotificationSettings, draft: NotificationDraft): Promise<void> {
    const userId = String(person._id);
    const locale: Locale = person.locale === 'en' ? 'en' : 'fr';
    const { title, body } = notificationTexts(draft.kind, draft.facts, locale);
    let row: Row;
    try {
      const created = await this.notifications.create({
        key: `${draft.source}:${userId}`,
        userId: person._id,
        kind: draft.kind,
        projectId: draft.projectId ? oid(draft.projectId) : null,
        actorId: draft.actorId && Types.ObjectId.isValid(draft.actorId) ? oid(draft.actorId) : null,
        title,
        body,
        link: draft.link,
        createdAt: new Date(),
      });
      row = created.toObject() as Row;
    } catch (error) {
      // Another instance or an earlier try made it: it was pushed and mailed from there.
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    const event: NotificationCreated = {
      userId,
      notification: { id: String(row._id), kind: row.kind, title, link: row.link, unreadCount: await this.unreadCount(userId) },
    };
    this.events.emit(DomainEvent.NotificationCreated, event);
    if (settings.email === 'immediate' && this.mail.enabled) {
      const words = MAIL_WORDS[locale];
      await this.mail.enqueue(
        `notification:${String(row._id)}`,
        layoutMail(
          person.email,
          {
            lang: locale,
            subject: title,
            paragraphs: [body],
            action: { label: words.open, url: `${this.config.publicUrl}${row.link}` },
            footer: words.footer(`${this.config.publicUrl}/account`),
          },
          this.unsubscribeHeaders(userId),
        ),
      );
    }
  }

  private unsubscribeToken(userId: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`unsubscribe:${userId}`).digest('base64url');
  }

  private verifyUnsubscribeToken(userId: string, token: string): boolean {
    const expected = Buffer.from(this.unsubscribeToken(userId));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
