import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { notFound } from '../common/errors/problem.exception';
import { AppConfig } from '../config/app.config';
import { APP_CONFIG } from '../config/config.module';
import { User } from '../users/schemas/user.schema';
import { UserDataRegistry } from '../users/user-data.registry';

/** Feed tokens are looked up by their SHA-256, so the index never holds a usable token. */
export const hashFeedToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** 256 random bits, URL-safe: the feed URL is the only credential a calendar app can send. */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

@Injectable()
export class CalendarTokenService implements OnModuleInit {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly registry: UserDataRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'calendar',
      export: async (userId) => {
        const user = await this.users.findById(userId, { calendarToken: 1 }).lean();
        return { calendarFeedUrl: user?.calendarToken ? this.feedUrl(user.calendarToken) : null };
      },
      // The account document goes with the account; unsetting first makes the feed die even if a
      // later step of the erasure fails and is retried.
      erase: async (userId) => {
        await this.users.updateOne({ _id: new Types.ObjectId(userId) }, { $unset: { calendarToken: 1, calendarTokenHash: 1 } });
      },
    });
  }

  /** A new token replaces the old one in one write: the old URL stops working at once. */
  async rotate(userId: string): Promise<{ calendarFeedUrl: string }> {
    const token = randomBytes(32).toString('base64url');
    const updated = await this.users.updateOne(
      { _id: new Types.ObjectId(userId) },
      { $set: { calendarToken: token, calendarTokenHash: hashFeedToken(token) } },
    );
    if (!updated.matchedCount) throw notFound('User');
    return { calendarFeedUrl: this.feedUrl(token) };
  }

  async revoke(userId: string): Promise<void> {
    await this.users.updateOne({ _id: new Types.ObjectId(userId) }, { $unset: { calendarToken: 1, calendarTokenHash: 1 } });
  }

  /** The owner of a feed token, or 404 for a malformed, unknown or revoked one. */
  async ownerOf(token: string): Promise<User & { _id: Types.ObjectId }> {
    if (!FEED_TOKEN.test(token)) throw notFound('Calendar');
    const user = await this.users.findOne({ calendarTokenHash: hashFeedToken(token) }).lean();
    if (!user) throw notFound('Calendar');
    return user;
  }

  feedUrl(token: string): string {
    return `${this.config.publicUrl}/api/calendar/${token}.ics`;
  }
}
