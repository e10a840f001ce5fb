import type { MessageView } from '@maillage/contract';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { AccessService } from '../common/access/access.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { badRequest } from '../common/errors/problem.exception';
import { DEFAULT_LIMIT, Page } from '../common/pagination/pagination';
import { ERASED_USER_NAME, UserDataRegistry } from '../users/user-data.registry';
import { UsersService } from '../users/users.service';
import { MessageListQueryDto } from './dto/message.dto';
import { MAX_CLIENT_MESSAGE_ID_LENGTH, MAX_MESSAGE_LENGTH, Message } from './schemas/message.schema';
import { oid } from '../common/ids';
import { checkMentions, mentionsField } from '../common/mentions';

type MessageRow = Message & { _id: Types.ObjectId };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

@Injectable()
export class ChatService implements OnModuleInit {
  constructor(
    @InjectModel(Message.name) private readonly messages: Model<Message>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly users: UsersService,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    this.pending.register<Message>({
      model: this.messages,
      projectOf: (row) => row.projectId,
      build: { 'message.created': async (row) => ({ message: await this.viewWithAuthorName(row) }) },
    });
    this.registry.register({
      name: 'messages',
      export: (userId) => this.exportUserData(userId),
      erase: (userId) => this.eraseUserData(userId),
    });
  }

  /**
   * Stores a message once per (project, author, clientMessageId): a retry, or ten racing copies,
   * get the stored message back with created: false, and only the insert that won appends the
   * message.created activity. The message and its activity are written through PendingActivityService:
   * a retry that finds the message finishes its activity if a crash cut it. The REST controller and
   * the socket gateway both call this.
   */
  async send(
    user: AuthUser,
    projectId: string,
    body: string,
    clientMessageId: string,
    mentions?: unknown,
  ): Promise<{ message: MessageView; created: boolean }> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.write');
    // The socket path has no DTO: the same rules as SendMessageDto, checked here too.
    if (typeof body !== 'string' || !body.trim() || body.length > MAX_MESSAGE_LENGTH) {
      throw badRequest('body', `must be 1 to ${MAX_MESSAGE_LENGTH} characters, not all blank`);
    }
    if (typeof clientMessageId !== 'string' || clientMessageId.length < 1 || clientMessageId.length > MAX_CLIENT_MESSAGE_ID_LENGTH) {
      throw badRequest('clientMessageId', `must be 1 to ${MAX_CLIENT_MESSAGE_ID_LENGTH} characters`);
    }
    const key = { projectId: grant.project._id, authorId: oid(user.id), clientMessageId };
    const existing = await this.messages.findOne(key).lean<MessageRow>();
    if (existing) return this.stored(existing, user);
    const mentioned = await checkMentions(this.access, grant.project._id, mentions);
    const operation = newOperation('message.created', user.id);
    try {
      const { row } = await this.pending.insert(this.messages, { ...key, body, mentions: mentioned, createdAt: operation.at }, operation);
      return { message: await this.view(row, user), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.messages.findOne(key).lean<MessageRow>();
      if (!winner) throw error;
      return this.stored(winner, user);
    }
  }

  /** A retry's answer: the stored message, its activity finished first if a crash cut it. */
  private async stored(row: MessageRow, user: AuthUser): Promise<{ message: MessageView; created: false }> {
    await this.pending.settle(this.messages, row);
    return { message: await this.view(row, user), created: false };
  }

  /** Newest first; `before` (or `cursor`) is a message id or an ISO date. */
  async list(userId: string, projectId: string, query: MessageListQueryDto): Promise<Page<MessageView>> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const filter: Record<string, unknown> = { projectId: grant.project._id };
    const before = query.cursor ?? query.before;
    const field = query.cursor !== undefined ? 'cursor' : 'before';
    if (before !== undefined) {
      if (/^[0-9a-f]{24}$/i.test(before)) {
        const anchor = await this.messages.findOne({ _id: oid(before), projectId: grant.project._id }, { createdAt: 1 }).lean();
        if (!anchor) throw badRequest(field, 'is not a message of this project');
        filter.$or = [{ createdAt: { $lt: anchor.createdAt } }, { createdAt: anchor.createdAt, _id: { $lt: anchor._id } }];
      } else if (ISO_DATE.test(before) && !Number.isNaN(Date.parse(before))) {
        filter.createdAt = { $lt: new Date(before) };
      } else {
        throw badRequest(field, 'must be a message id or an ISO-8601 date');
      }
    }
    const rows = await this.messages
      .find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit + 1)
      .lean<MessageRow[]>();
    const items = rows.slice(0, limit);
    const names = await this.users.displayNames(items.flatMap((row) => (row.authorId ? [String(row.authorId)] : [])));
    return {
      items: items.map((row) => this.toView(row, names)),
      nextCursor: rows.length > limit && items.length ? String(items[items.length - 1]._id) : null,
    };
  }

  private async viewWithAuthorName(row: MessageRow): Promise<MessageView> {
    const names = row.authorId ? await this.users.displayNames([String(row.authorId)]) : new Map<string, string>();
    return this.toView(row, names);
  }

  private async view(row: MessageRow, author: AuthUser): Promise<MessageView> {
    return this.toView(row, new Map([[author.id, author.displayName]]));
  }

  private toView(row: MessageRow, names: Map<string, string>): MessageView {
    const authorId = row.authorId ? String(row.authorId) : null;
    return {
      id: String(row._id),
      projectId: String(row.projectId),
      authorId,
      authorName: authorId ? (names.get(authorId) ?? ERASED_USER_NAME) : ERASED_USER_NAME,
      body: row.body,
      ...mentionsField(row.mentions),
      clientMessageId: row.clientMessageId,
      createdAt: new Date(row.createdAt).toISOString(),
    };
  }

  private async exportUserData(userId: string) {
    const rows = await this.messages
      .find({ authorId: oid(userId) })
      .sort({ createdAt: 1 })
      .lean<MessageRow[]>();
    return rows.map((row) => ({
      id: String(row._id),
      projectId: String(row.projectId),
      body: row.body,
      ...mentionsField(row.mentions),
      clientMessageId: row.clientMessageId,
      createdAt: row.createdAt,
    }));
  }

  /**
   * Messages stay in the project's history, anonymous. Their clientMessageId is rewritten from the
   * message id so anonymous messages cannot collide under the unique (project, author, clientMessageId)
   * index (no partial indexes on FerretDB).
   */
  private async eraseUserData(userId: string): Promise<void> {
    const rows = await this.messages.find({ authorId: oid(userId) }, { _id: 1 }).lean();
    if (rows.length) {
      await this.messages.bulkWrite(
        rows.map((row) => ({ updateOne: { filter: { _id: row._id }, update: { $set: { authorId: null, clientMessageId: `erased-${row._id}` } } } })),
        { ordered: false },
      );
    }
    await this.messages.updateMany({ 'mentions.userIds': oid(userId) }, { $pull: { 'mentions.userIds': oid(userId) } });
  }
}
