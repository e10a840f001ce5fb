import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailOutboxService } from './mail-outbox.service';
import { MailClaim, MailClaimSchema, OutboxMail, OutboxMailSchema } from './schemas/outbox-mail.schema';

/** Outgoing e-mail (SMTP_URL) through a shared outbox; any feature may enqueue. */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OutboxMail.name, schema: OutboxMailSchema },
      { name: MailClaim.name, schema: MailClaimSchema },
    ]),
  ],
  providers: [MailOutboxService],
  exports: [MailOutboxService],
})
export class MailModule {}
