import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessService } from '../common/access/access.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, forbidden, invalidTransition, notFound, ProblemException } from '../common/errors/problem.exception';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { decodeCursor, DEFAULT_LIMIT, Page, PageQueryDto, toPage } from '../common/pagination/pagination';
import type { AssociationInvitationView as InvitationView, AssociationView } from '@maillage/contract';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { layoutMail } from '../mail/mail-layout';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { UsersService } from '../users/users.service';
import { AssociationsService } from './associations.service';
import { CreateInvitationDto } from './dto/invitation.dto';
import { MembersService } from './members.service';
import { Association } from './schemas/association.schema';
import { Invitation } from './schemas/invitation.schema';
import { AssociationRole, Membership } from './schemas/membership.schema';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type StoredInvitation = Invitation & { _id: Types.ObjectId };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** 32 random bytes in base64url; anything else cannot be one of ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const INVITATION_MAIL = {
  fr: {
    subject: (association: string) => `Invitation à rejoindre ${association} sur Maillage`,
    body: (inviter: string, association: string) =>
      `${inviter} vous invite à rejoindre l’association ${association} sur Maillage. L’invitation est valable 7 jours.`,
    action: 'Accepter l’invitation',
    footer: 'Vous recevez ce message parce qu’un administrateur de l’association a saisi votre adresse.',
  },
  en: {
    subject: (association: string) => `Join ${association} on Maillage`,
    body: (inviter: string, association: string) =>
      `${inviter} invites you to join the association ${association} on Maillage. The invitation is valid for 7 days.`,
    action: 'Accept the invitation',
    footer: 'You receive this message because an administrator of the association entered your address.',
  },
} as const;

const gone = (detail: string, code: string) => new ProblemException(HttpStatus.GONE, detail, { code });

@Injectable()
export class InvitationsService {
  constructor(
    @InjectModel(Invitation.name) private readonly invitations: Model<Invitation>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    private readonly access: AccessService,
    private readonly associationsService: AssociationsService,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly mail: MailOutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The token is returned here, once; only its hash is kept. */
  async create(userId: string, associationId: string, input: CreateInvitationDto): Promise<InvitationView & { token: string }> {
    await this.access.requireAssociation(userId, associationId, 'association.admin');
    const token = randomBytes(32).toString('base64url');
    const invitation = await this.invitations.create({
      associationId: new Types.ObjectId(associationId),
      tokenHash: hashToken(token),
      role: input.role,
      email: input.email ?? null,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      createdBy: new Types.ObjectId(userId),
      usedAt: null,
      usedBy: null,
      revokedAt: null,
    });
    if (input.email) await this.mailInvitation(userId, associationId, input.email, token, invitation._id);
    return { ...this.toView(invitation.toObject()), token };
  }

  /** The invitee reads it in their account's language, or French when they have no account yet. */
  private async mailInvitation(inviterId: string, associationId: string, email: string, token: string, invitationId: Types.ObjectId): Promise<void> {
    if (!this.mail.enabled) return;
    const [association, inviter, invitee] = await Promise.all([
      this.associations.findById(associationId, { name: 1 }).lean(),
      this.users.getMe(inviterId),
      this.users.findByEmail(email),
    ]);
    const locale = invitee?.locale ?? 'fr';
    const words = INVITATION_MAIL[locale];
    const name = association?.name ?? '';
    await this.mail.enqueue(
      `association-invitation:${String(invitationId)}`,
      layoutMail(email, {
        lang: locale,
        subject: words.subject(name),
        paragraphs: [words.body(inviter.displayName, name)],
        action: { label: words.action, url: `${this.config.publicUrl}/invitations/${token}` },
        footer: words.footer,
      }),
    );
  }

  /** Pending invitations: neither used, revoked nor expired. Tokens are never shown again. */
  async listPending(userId: string, associationId: string, query: PageQueryDto): Promise<Page<InvitationView>> {
    await this.access.requireAssociation(userId, associationId, 'association.admin');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ id: string }>(query.cursor);
    const filter: FilterQuery<Invitation> = {
      associationId: new Types.ObjectId(associationId),
      usedAt: null,
      revokedAt: null,
      expiresAt: { $gt: new Date() },
    };
    if (after) {
      if (typeof after.id !== 'string' || !Types.ObjectId.isValid(after.id)) return { items: [], nextCursor: null };
      filter._id = { $gt: new Types.ObjectId(after.id) };
    }
    const rows = await this.invitations
      .find(filter, { tokenHash: 0 })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean();
    const page = toPage(rows, limit, (last) => ({ id: String(last._id) }));
    return { items: page.items.map((row) => this.toView(row)), nextCursor: page.nextCursor };
  }

  /** Revoking twice is fine; an invitation already accepted can no longer be revoked (409). */
  async revoke(userId: string, associationId: string, invitationId: string): Promise<void> {
    await this.access.requireAssociation(userId, associationId, 'association.admin');
    const scope = { _id: new Types.ObjectId(invitationId), associationId: new Types.ObjectId(associationId) };
    const revoked = await this.invitations.findOneAndUpdate({ ...scope, usedAt: null, revokedAt: null }, { $set: { revokedAt: new Date() } }).lean();
    if (revoked) return;
    const current = await this.invitations.findOne(scope, { tokenHash: 0 }).lean();
    if (!current) throw notFound('Invitation');
    if (current.usedAt) throw invalidTransition('invitation', 'revoke', { ...this.toView(current), status: 'accepted' });
  }

  /**
   * Joins the association. The invitation is claimed with one conditional update (still unused,
   * unrevoked, unexpired), and the (associationId, userId) unique index refuses a second membership:
   * of many simultaneous accepts exactly one succeeds.
   */
  async accept(user: AuthUser, token: string): Promise<{ association: AssociationView; role: AssociationRole; associationId: string }> {
    if (!TOKEN_PATTERN.test(token)) throw notFound('Invitation');
    const tokenHash = hashToken(token);
    const invitation = await this.invitations.findOne({ tokenHash }).lean();
    if (!invitation) throw notFound('Invitation');
    // Checked before claiming, so a wrong account or an existing member does not burn the invitation.
    if (invitation.email && invitation.email !== user.email.toLowerCase()) throw forbidden('This invitation is addressed to another email address');
    this.assertUsable(invitation, new Date());
    const userId = new Types.ObjectId(user.id);
    if (await this.memberships.exists({ associationId: invitation.associationId, userId })) throw this.alreadyMember();

    const now = new Date();
    const claimed = await this.invitations
      .findOneAndUpdate({ tokenHash, usedAt: null, revokedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now, usedBy: userId } }, { new: true })
      .lean();
    if (!claimed) {
      const current = await this.invitations.findOne({ tokenHash }).lean();
      if (current) this.assertUsable(current, now);
      throw gone('This invitation can no longer be used', 'invitation_used');
    }
    try {
      await this.memberships.create({ associationId: claimed.associationId, userId, role: claimed.role });
    } catch (error) {
      // Joined meanwhile through another invitation: hand this one back, unused.
      await this.invitations.updateOne({ _id: claimed._id, usedBy: userId }, { $set: { usedAt: null, usedBy: null } });
      if (isDuplicateKeyError(error)) throw this.alreadyMember();
      throw error;
    }
    if (claimed.role === 'admin') await this.members.addAdminSeat(claimed.associationId);
    const association = await this.associations.findById(claimed.associationId).lean();
    if (!association) throw notFound('Association');
    return { association: this.associationsService.toView(association, claimed.role), role: claimed.role, associationId: String(association._id) };
  }

  private assertUsable(invitation: StoredInvitation, now: Date): void {
    if (invitation.revokedAt) throw gone('This invitation was revoked', 'invitation_revoked');
    if (invitation.usedAt) throw gone('This invitation was already used', 'invitation_used');
    if (invitation.expiresAt.getTime() <= now.getTime()) throw gone('This invitation has expired', 'invitation_expired');
  }

  private alreadyMember() {
    return conflict('You are already a member of this association', { code: 'already_member' });
  }

  toView(invitation: Omit<StoredInvitation, 'tokenHash'>): InvitationView {
    return {
      id: String(invitation._id),
      associationId: String(invitation.associationId),
      email: invitation.email ?? null,
      role: invitation.role,
      expiresAt: new Date(invitation.expiresAt).toISOString(),
      createdAt: new Date(invitation.createdAt).toISOString(),
      createdBy: invitation.createdBy ? String(invitation.createdBy) : null,
    };
  }
}
