import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ActivityController } from './activity.controller';
import { ActivityFeedService } from './activity-feed.service';
import { ActivityService } from './activity.service';
import { PendingActivityService } from './pending-activity.service';
import { ActivityHead, ActivityHeadSchema } from './schemas/activity-head.schema';
import { Activity, ActivitySchema } from './schemas/activity.schema';

/** Global: every feature that changes a project appends to its log. */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Activity.name, schema: ActivitySchema },
      { name: ActivityHead.name, schema: ActivityHeadSchema },
    ]),
  ],
  controllers: [ActivityController],
  providers: [ActivityService, ActivityFeedService, PendingActivityService],
  exports: [ActivityService, PendingActivityService],
})
export class ActivityModule {}
