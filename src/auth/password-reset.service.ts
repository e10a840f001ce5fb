import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { badRequest } from '../common/errors/problem.exception';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { layoutMail } from '../mail/mail-layout';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { UserDataRegistry } from '../users/user-data.registry';
import { UsersService } from '../users/users.service';
import { PasswordReset, PasswordResetUse } from './schemas/password-reset.schema';
import { SessionsService } from './sessions.service';

export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
const INVALID_TOKEN = 'this link is invalid, expired or already used; ask for a new one';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const MAIL = {
  fr: {
    subject: 'Réinitialiser votre mot de passe Maillage',
    intro: (name: string) => `Bonjour ${name},`,
    body: 'Quelqu’un (vous, sans doute) a demandé à changer le mot de passe de votre compte Maillage. Ce lien est valable une heure et ne sert qu’une fois.',
    action: 'Choisir un nouveau mot de passe',
    footer: 'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.',
  },
  en: {
    subject: 'Reset your Maillage password',
    intro: (name: string) => `Hello ${name},`,
    body: 'Someone (probably you) asked to change the password of your Maillage account. This link works for one hour, once.',
    action: 'Choose a new password',
    footer: 'If you did not ask for this, ignore this message: your password stays the same.',
  },
} as const;

/**
 * Password reset by e-mail. The request answers the same whatever the address, and does its work
 * after answering, so neither the answer nor its timing tells whether an account exists.
 */
@Injectable()
export class PasswordResetService implements OnModuleInit {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @InjectModel(PasswordReset.name) private readonly resets: Model<PasswordReset>,
    @InjectModel(PasswordResetUse.name) private readonly uses: Model<PasswordResetUse>,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly mail: MailOutboxService,
    private readonly registry: UserDataRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'passwordResets',
      erase: async (userId) => {
        await this.resets.deleteMany({ userId: new Types.ObjectId(userId) });
      },
    });
  }

  request(email: string): void {
    void this.sendLink(email).catch((error: unknown) => this.logger.warn(`Could not send a password reset link: ${String(error)}`));
  }

  async confirm(token: string, password: string): Promise<void> {
    const tokenHash = sha256(token);
    const reset = await this.resets.findById(tokenHash).lean();
    if (!reset || reset.expiresAt <= new Date()) throw badRequest('token', INVALID_TOKEN);
    try {
      await this.uses.create({ _id: tokenHash, usedAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw badRequest('token', INVALID_TOKEN);
      throw error;
    }
    const userId = String(reset.userId);
    // Sessions end before the write (none outlives a failed change) and after it (none opened with
    // the old password in between survives).
    await this.sessions.endOthers(userId, undefined, 'password_changed');
    await this.users.setPassword(userId, password);
    await this.sessions.endOthers(userId, undefined, 'password_changed');
    // The account's other links stop working too.
    await this.resets.deleteMany({ userId: reset.userId });
  }

  private async sendLink(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !this.mail.enabled) return;
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.resets.create({ _id: sha256(token), userId: user._id, createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS) });
    const words = MAIL[user.locale] ?? MAIL.fr;
    const url = `${this.config.publicUrl}/reset-password?token=${token}`;
    await this.mail.enqueue(
      `password-reset:${sha256(token)}`,
      layoutMail(user.email, {
        lang: user.locale,
        subject: words.subject,
        paragraphs: [words.intro(user.displayName), words.body],
        action: { label: words.action, url },
        footer: words.footer,
      }),
    );
  }
}
