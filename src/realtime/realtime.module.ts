import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { RealtimeGateway } from './realtime.gateway';

/** The socket.io gateway; the server itself is set up by RealtimeIoAdapter (see app.factory.ts). */
@Module({
  imports: [ChatModule],
  providers: [RealtimeGateway],
})
export class RealtimeModule {}
