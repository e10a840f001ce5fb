import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { createTransport, Transporter } from 'nodemailer';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { MailClaim, OutboxMail } from './schemas/outbox-mail.schema';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

const POLL_INTERVAL_MS = 5_000;
const BATCH_SIZE = 20;
/**
 * Attempt n waits RETRY_FIRST_MS × 2^(n-1) (capped) after it was claimed. The first wait is longer
 * than a send may take (SMTP_TIMEOUT_MS), so a retry never overlaps the attempt it replaces.
 */
const RETRY_FIRST_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;
const MAX_ATTEMPTS = 10;
const SMTP_TIMEOUT_MS = 30_000;

/**
 * E-mail through SMTP_URL, never in a request's path: callers enqueue (an insert under their own
 * idempotency key) and this worker sends, retrying failures with backoff.
 *
 * Two instances share the outbox without sending twice: attempt n of a mail is claimed by
 * inserting `<mailId>:<n>` into mail_claims (unique `_id`; FerretDB v1's findAndModify is a read
 * then a write, so it cannot claim). Only the claimer then moves `attempts` to n + 1 and
 * `nextAttemptAt` past the retry delay, before sending: another instance either loses the insert or
 * sees the mail not due. A crash mid-send leaves the mail due again after that delay, and the next
 * attempt (a new claim key) sends it.
 */
@Injectable()
export class MailOutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailOutboxService.name);
  private readonly transport: Transporter | null;
  private timer?: NodeJS.Timeout;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectModel(OutboxMail.name) private readonly outbox: Model<OutboxMail>,
    @InjectModel(MailClaim.name) private readonly claims: Model<MailClaim>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.transport = config.smtpUrl
      ? createTransport({ url: config.smtpUrl, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS })
      : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  onApplicationBootstrap(): void {
    if (!this.transport) {
      this.logger.warn('SMTP_URL is not set: e-mail is off (no password reset links, invitations or notifications by e-mail)');
      return;
    }
    this.logger.log(`E-mail is on, sent through ${new URL(this.config.smtpUrl!).host}`);
    this.timer = setInterval(() => this.kick(), POLL_INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }

  /** Stores the mail under `key` (a second enqueue of the same key is a no-op) and wakes the worker. */
  async enqueue(key: string, mail: Mail): Promise<void> {
    if (!this.transport) return;
    const now = new Date();
    try {
      await this.outbox.create({ _id: key, ...mail, headers: mail.headers ?? {}, attempts: 0, nextAttemptAt: now, createdAt: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return;
    }
    this.kick();
  }

  /**
   * Erasure: mail to that address, sent or not, is not kept. With `keyPrefix`, only the mail enqueued
   * under keys that start with it (a guest's address may also be a member's).
   */
  async forget(address: string, keyPrefix?: string): Promise<void> {
    const keys = keyPrefix ? { _id: { $regex: `^${keyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } } : {};
    await this.outbox.deleteMany({ to: address, ...keys });
  }

  /** Sends what is due; overlapping calls fold into one more pass. Resolves when the pass ends. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        await this.drainOnce().catch((error: unknown) => this.logger.warn(`Could not read the mail outbox: ${String(error)}`));
      } while (this.again && !this.stopped);
    })().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    const due = await this.outbox
      .find({ sentAt: null, failedAt: null, nextAttemptAt: { $lte: new Date() } })
      .sort({ nextAttemptAt: 1 })
      .limit(BATCH_SIZE)
      .lean();
    await Promise.all(due.map((mail) => this.attempt(mail)));
    if (due.length === BATCH_SIZE) this.again = true;
  }

  private async attempt(mail: OutboxMail): Promise<void> {
    const attempt = mail.attempts + 1;
    // 1. Claim attempt n; losing means another instance makes it.
    try {
      await this.claims.create({ _id: `${mail._id}:${attempt}`, claimedAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    // 2. Push the mail past this attempt's lease before sending.
    const retryAt = new Date(Date.now() + Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1)));
    await this.outbox.updateOne({ _id: mail._id }, { $set: { attempts: attempt, nextAttemptAt: retryAt } });
    // 3. Send, then record the outcome.
    try {
      await this.transport!.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
      await this.outbox.updateOne({ _id: mail._id }, { $set: { sentAt: new Date(), lastError: null } });
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Sending mail ${mail._id} failed (attempt ${attempt} of ${MAX_ATTEMPTS}): ${lastError}`);
      await this.outbox.updateOne({ _id: mail._id }, { $set: { lastError, ...(attempt >= MAX_ATTEMPTS ? { failedAt: new Date() } : {}) } });
    }
  }
}
