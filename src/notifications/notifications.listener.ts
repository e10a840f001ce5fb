import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { ActivityView, BookingView, Mentions, PartnerView, TaskView } from '@maillage/contract';
import { Association } from '../associations/schemas/association.schema';
import { Membership } from '../associations/schemas/membership.schema';
import { ActivityAppended, BookingRequested, DomainEvent, UnloggedOperationDone } from '../common/domain-events';
import { oid } from '../common/ids';
import { Project } from '../projects/schemas/project.schema';
import { Resource } from '../resources/schemas/resource.schema';
import { User } from '../users/schemas/user.schema';
import { NotificationsService } from './notifications.service';

const EXCERPT_CHARS = 140;
const excerpt = (body: string) => (body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS - 1)}…` : body);

/** A decision as the decisions feature logs it (decision.opened / decision.closed): read defensively. */
interface LoggedDecision {
  id?: string;
  title?: string;
  electorate?: string[];
}

/**
 * Turns what the services already announce (activities, booking requests, operations outside any
 * log) into notifications: who should hear of it, and what it says. Each draft's `source` names the
 * event, so whichever instance or retry handles it, each recipient gets it once.
 */
@Injectable()
export class NotificationsListener {
  private readonly logger = new Logger(NotificationsListener.name);

  constructor(
    private readonly notifications: NotificationsService,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    @InjectModel(User.name) private readonly users: Model<User>,
  ) {}

  @OnEvent(DomainEvent.ActivityAppended)
  onActivity(activity: ActivityAppended): Promise<void> {
    return this.safely(`activity ${activity.type} #${activity.seq}`, () => this.fromActivity(activity));
  }

  @OnEvent(DomainEvent.BookingRequested)
  onBookingRequested({ booking, ownerAssociationId }: BookingRequested): Promise<void> {
    // Approved at once (no approval needed): nothing waits for the owner's admins.
    if (booking.status !== 'pending') return Promise.resolve();
    return this.safely(`booking request ${booking.id}`, async () =>
      this.notifications.deliver({
        kind: 'booking.requested',
        source: `booking.requested:${booking.id}`,
        recipients: await this.adminsOf([ownerAssociationId]),
        actorId: booking.requestedBy,
        facts: { actorName: await this.nameOf(booking.requestedBy), resourceName: await this.resourceName(booking.resourceId), at: booking.start },
        link: '/bookings/inbox',
      }),
    );
  }

  @OnEvent(DomainEvent.UnloggedOperationDone)
  onUnloggedOperation(done: UnloggedOperationDone): Promise<void> {
    return this.safely(`operation ${done.type}`, async () => {
      if (done.type === 'booking.approved' || done.type === 'booking.rejected') {
        await this.bookingDecided(done.opId, done.type, done.actorId, (done.data as { booking: BookingView }).booking);
      }
    });
  }

  private async fromActivity(activity: ActivityView): Promise<void> {
    const source = `activity:${activity.projectId}:${activity.seq}`;
    switch (activity.type) {
      case 'task.created':
        return this.taskAssigned(activity.data.task, activity.actorId);
      case 'task.updated':
        if (activity.data.fields.some((field) => field === 'assigneeUserIds' || field === 'assigneeAssociationId')) {
          return this.taskAssigned(activity.data.task, activity.actorId);
        }
        return;
      case 'comment.created': {
        const { comment, taskId } = activity.data;
        return this.mentioned(source, activity, comment.body, comment.mentions, `/projects/${activity.projectId}/tasks/${taskId}`);
      }
      case 'message.created': {
        const { message } = activity.data;
        return this.mentioned(source, activity, message.body, message.mentions, `/projects/${activity.projectId}/chat`);
      }
      case 'partner.invited':
        return this.projectInvited(source, activity.projectId, activity.actorId, activity.data.partner);
      case 'charter.updated':
        return this.charterUpdated(activity.projectId, activity.actorId, activity.data.charter.version, activity.data.charter.unsigned);
      case 'booking.approved':
      case 'booking.rejected':
        return this.bookingDecided(source, activity.type, activity.actorId, activity.data.booking);
      default:
        return this.decision(activity);
    }
  }

  /** Each person once per task, however often the assignees change: "task.assigned:<task>". */
  private async taskAssigned(task: TaskView, actorId: string | null): Promise<void> {
    const viaAssociation = task.assigneeAssociationId ? await this.membersOf([task.assigneeAssociationId]) : [];
    await this.notifications.deliver({
      kind: 'task.assigned',
      source: `task.assigned:${task.id}`,
      projectId: task.projectId,
      recipients: [...task.assigneeUserIds, ...viaAssociation],
      actorId,
      facts: { actorName: await this.nameOf(actorId), taskTitle: task.title, projectTitle: await this.projectTitle(task.projectId) },
      link: `/projects/${task.projectId}/tasks/${task.id}`,
    });
  }

  /** People mentioned, and the members of mentioned associations (those who can see the project). */
  private async mentioned(source: string, activity: ActivityView, body: string, mentions: Mentions | undefined, link: string): Promise<void> {
    if (!mentions || (!mentions.userIds.length && !mentions.associationIds.length)) return;
    await this.notifications.deliver({
      kind: 'mention',
      source,
      projectId: activity.projectId,
      recipients: [...mentions.userIds, ...(await this.membersOf(mentions.associationIds))],
      actorId: activity.actorId,
      facts: { actorName: await this.nameOf(activity.actorId), projectTitle: await this.projectTitle(activity.projectId), excerpt: excerpt(body) },
      link,
    });
  }

  private async projectInvited(source: string, projectId: string, actorId: string | null, partner: PartnerView): Promise<void> {
    await this.notifications.deliver({
      kind: 'project.invited',
      source,
      projectId,
      recipients: await this.adminsOf([partner.associationId]),
      actorId,
      facts: { projectTitle: await this.projectTitle(projectId), associationName: partner.associationName },
      link: `/projects/${projectId}/invitation`,
    });
  }

  /** Admins of each partner that must sign the new version, once per version. */
  private async charterUpdated(projectId: string, actorId: string | null, version: number, unsigned: string[]): Promise<void> {
    const projectTitle = await this.projectTitle(projectId);
    for (const associationId of unsigned) {
      const association = await this.associations.findById(associationId, { name: 1 }).lean();
      await this.notifications.deliver({
        kind: 'charter.updated',
        source: `charter.updated:${projectId}:${version}`,
        projectId,
        recipients: await this.adminsOf([associationId]),
        actorId,
        facts: { projectTitle, associationName: association?.name ?? '' },
        link: `/projects/${projectId}`,
      });
    }
  }

  /** The person who asked (approved or rejected; never their own auto-approval). */
  private async bookingDecided(source: string, type: 'booking.approved' | 'booking.rejected', actorId: string | null, booking: BookingView): Promise<void> {
    if (!booking.requestedBy) return;
    await this.notifications.deliver({
      kind: 'booking.decided',
      source: `booking.decided:${source}`,
      recipients: [booking.requestedBy],
      actorId,
      facts: { outcome: type === 'booking.approved' ? 'approved' : 'rejected', resourceName: await this.resourceName(booking.resourceId), at: booking.start },
      link: '/bookings',
    });
  }

  /**
   * decision.opened / decision.closed, from the decisions feature's activities:
   * the admins of the electorate's associations. decision.closing is NotificationsScheduler's.
   */
  private async decision(activity: ActivityView): Promise<void> {
    const type = activity.type as string;
    if (type !== 'decision.opened' && type !== 'decision.closed') return;
    const decision = (activity.data as { decision?: LoggedDecision }).decision;
    if (!decision?.id || !Array.isArray(decision.electorate)) return;
    await this.notifications.deliver({
      kind: type,
      source: `${type}:${decision.id}`,
      projectId: activity.projectId,
      recipients: await this.adminsOf(decision.electorate),
      actorId: activity.actorId,
      facts: { label: decision.title ?? '', projectTitle: await this.projectTitle(activity.projectId) },
      link: `/projects/${activity.projectId}/decisions/${decision.id}`,
    });
  }

  async adminsOf(associationIds: string[]): Promise<string[]> {
    const ids = associationIds.filter((id) => Types.ObjectId.isValid(id)).map(oid);
    if (!ids.length) return [];
    return (await this.memberships.distinct('userId', { associationId: { $in: ids }, role: 'admin' })).map(String);
  }

  async membersOf(associationIds: string[]): Promise<string[]> {
    const ids = associationIds.filter((id) => Types.ObjectId.isValid(id)).map(oid);
    if (!ids.length) return [];
    return (await this.memberships.distinct('userId', { associationId: { $in: ids } })).map(String);
  }

  async projectTitle(projectId: string): Promise<string> {
    return (await this.projects.findById(projectId, { title: 1 }).lean())?.title ?? '';
  }

  async resourceName(resourceId: string): Promise<string> {
    return (await this.resources.findById(resourceId, { name: 1 }).lean())?.name ?? '';
  }

  private async nameOf(userId: string | null | undefined): Promise<string> {
    if (!userId || !Types.ObjectId.isValid(userId)) return 'Maillage';
    return (await this.users.findById(userId, { displayName: 1 }).lean())?.displayName ?? 'Maillage';
  }

  /** A failure here must never reach the service that emitted the event. */
  private async safely(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`Could not notify of ${what}: ${String(error)}`);
    }
  }
}
