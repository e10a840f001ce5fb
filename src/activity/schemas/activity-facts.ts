import { Prop } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * What happened, who did it and when: the props an appended Activity and the PendingActivity a
 * write still owes have in common (the pending one becomes the activity). Not a schema of its own.
 */
export abstract class ActivityFacts {
  @Prop({ required: true })
  type: string;

  @Prop({ type: Types.ObjectId, default: null })
  actorId: Types.ObjectId | null;

  @Prop({ required: true })
  at: Date;
}
