import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ActivityModule } from './activity/activity.module';
import { AssociationsModule } from './associations/associations.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { ChatModule } from './chat/chat.module';
import { ContributionsModule } from './contributions/contributions.module';
import { AccessModule } from './common/access/access.module';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DecisionsModule } from './decisions/decisions.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpenDoorsModule } from './open-doors/open-doors.module';
import { ProjectsModule } from './projects/projects.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ReportsModule } from './reports/reports.module';
import { ResourcesModule } from './resources/resources.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage) => {
              const given = request.headers['x-request-id'];
              return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customProps: () => ({ service: 'maillage' }),
          },
          // Nest 11's router wants named wildcards; nestjs-pino's default '*' logs a deprecation warning.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          exclude: [{ method: RequestMethod.GET, path: 'health' }],
        }),
        EventEmitterModule.forRoot(),
        DatabaseModule.forRoot(config),
        AccessModule,
        ActivityModule,
        UsersModule,
        AuthModule,
        AssociationsModule,
        ProjectsModule,
        TasksModule,
        ChatModule,
        EventsModule,
        ResourcesModule,
        ContributionsModule,
        ReportsModule,
        DecisionsModule,
        CalendarModule,
        RealtimeModule,
        HealthModule,
        MailModule,
        NotificationsModule,
        OpenDoorsModule,
      ],
    };
  }
}
