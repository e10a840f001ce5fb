import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A run of a periodic job, claimed by inserting its key (`<job>:<period>`) as `_id`: among instances
 * sharing the database exactly one insert succeeds, so the run happens once whichever is up.
 */
@Schema({ collection: 'open_doors_job_runs' })
export class JobRun {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  claimedAt: Date;

  @Prop({ type: Date, default: null })
  finishedAt: Date | null;
}

export const JobRunSchema = SchemaFactory.createForClass(JobRun);
