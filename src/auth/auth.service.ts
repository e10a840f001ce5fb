import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { unauthorized } from '../common/errors/problem.exception';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { decoyPasswordHash, verifyPassword } from '../users/password-hasher';
import { UserDataRegistry } from '../users/user-data.registry';
import { UsersService, UserView } from '../users/users.service';
import { RegisterDto } from './dto/register.dto';
import { RefreshToken, RevokedFamily } from './schemas/refresh-token.schema';
import { SessionEndReason, SessionsService } from './sessions.service';
import { TokenService } from './token.service';

export interface Session {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const INVALID_CREDENTIALS = 'Email or password is incorrect';
const INVALID_REFRESH = 'This session has ended; sign in again';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly registry: UserDataRegistry,
    @InjectModel(RefreshToken.name) private readonly refreshTokens: Model<RefreshToken>,
    @InjectModel(RevokedFamily.name) private readonly revokedFamilies: Model<RevokedFamily>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'sessions',
      export: (userId) => this.sessions.exportFor(userId),
      erase: async (userId) => {
        await this.refreshTokens.deleteMany({ userId: new Types.ObjectId(userId) });
        await this.revokedFamilies.deleteMany({ userId: new Types.ObjectId(userId) });
        await this.sessions.erase(userId);
      },
    });
  }

  async register(input: RegisterDto, userAgent?: string): Promise<Session> {
    const user = await this.users.create(input);
    const view = this.users.toView(user.toObject());
    return this.openSession(view, await this.sessions.open(view.id, userAgent));
  }

  /** Used by the local strategy; the same 401 whether the email is unknown or the password wrong. */
  async validateCredentials(email: string, password: string): Promise<AuthUser> {
    const user = await this.users.findByEmail(email);
    const matches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !matches) throw unauthorized(INVALID_CREDENTIALS);
    return { id: String(user._id), email: user.email, displayName: user.displayName };
  }

  async login(user: AuthUser, userAgent?: string): Promise<Session> {
    return this.openSession(await this.users.signedIn(user.id), await this.sessions.open(user.id, userAgent));
  }

  async refresh(presented: string): Promise<Session> {
    const stored = await this.refreshTokens.findOne({ tokenHash: sha256(presented) }).lean();
    if (!stored || stored.expiresAt <= new Date()) throw unauthorized(INVALID_REFRESH);
    if (await this.revokedFamilies.exists({ familyId: stored.familyId })) throw unauthorized(INVALID_REFRESH);
    if (stored.rotatedAt) return this.reuseDetected(stored);
    const user = await this.users.findActive(String(stored.userId));
    if (!user) throw unauthorized(INVALID_REFRESH);
    let session: Session;
    try {
      // Of two uses of one token, only one successor fits under the unique parentHash index.
      session = await this.openSession(await this.users.signedIn(String(stored.userId)), stored.familyId, stored.tokenHash);
    } catch (error) {
      if (isDuplicateKeyError(error)) return this.reuseDetected(stored);
      throw error;
    }
    await this.refreshTokens.updateOne({ _id: stored._id }, { $set: { rotatedAt: new Date() } });
    await this.sessions.refreshed(stored.familyId, String(stored.userId));
    return session;
  }

  async logout(presented: string): Promise<void> {
    const stored = await this.refreshTokens.findOne({ tokenHash: sha256(presented) }).lean();
    if (!stored) return;
    await this.endSession(stored, 'logout');
  }

  /** A spent token came back: someone holds a copy, so no token of its family may be used again. */
  private async reuseDetected(stored: Pick<RefreshToken, 'familyId' | 'userId'>): Promise<never> {
    await this.endSession(stored, 'reuse_detected');
    throw unauthorized(INVALID_REFRESH);
  }

  /** The family is the session: its refresh tokens, access tokens and sockets all end. */
  private endSession({ familyId, userId }: Pick<RefreshToken, 'familyId' | 'userId'>, reason: SessionEndReason): Promise<void> {
    return this.sessions.end(String(userId), [familyId], reason);
  }

  private async openSession(user: UserView, familyId: string, parentHash = `session:${familyId}`): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.refreshTokens.create({
      tokenHash: sha256(refreshToken),
      parentHash,
      userId: new Types.ObjectId(user.id),
      familyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlDays * 86_400_000),
    });
    return {
      user,
      accessToken: this.tokens.signAccessToken({ id: user.id, email: user.email, displayName: user.displayName }, familyId),
      refreshToken,
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }
}
