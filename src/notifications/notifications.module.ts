import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Decision, DecisionSchema } from '../decisions/schemas/decision.schema';
import { Shift, ShiftSchema } from '../events/schemas/shift.schema';
import { Booking, BookingSchema } from '../resources/bookings/schemas/booking.schema';
import { AssociationsModule } from '../associations/associations.module';
import { NotificationsController, UnsubscribeController } from './notifications.controller';
import { NotificationsListener } from './notifications.listener';
import { NotificationsScheduler } from './notifications.scheduler';
import { NotificationsService } from './notifications.service';
import {
  Notification,
  NotificationJob,
  NotificationJobSchema,
  NotificationSchema,
  NotificationSettingsRow,
  NotificationSettingsSchema,
} from './schemas/notification.schema';

/** The notification center: built from domain events, pushed live, e-mailed, and reminders on a clock. */
@Module({
  imports: [
    AssociationsModule,
    MongooseModule.forFeature([
      { name: Notification.name, schema: NotificationSchema },
      { name: NotificationSettingsRow.name, schema: NotificationSettingsSchema },
      { name: NotificationJob.name, schema: NotificationJobSchema },
      { name: Shift.name, schema: ShiftSchema },
      { name: Booking.name, schema: BookingSchema },
      { name: Decision.name, schema: DecisionSchema },
    ]),
  ],
  controllers: [NotificationsController, UnsubscribeController],
  providers: [NotificationsService, NotificationsListener, NotificationsScheduler],
})
export class NotificationsModule {}
