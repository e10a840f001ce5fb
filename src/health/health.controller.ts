import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectConnection } from '@nestjs/mongoose';
import type { Response } from 'express';
import { Connection } from 'mongoose';
import { Public } from '../common/decorators/public.decorator';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/errors/mongo-errors';

const STATES: Record<number, string> = { 0: 'disconnected', 1: 'connected', 2: 'connecting', 3: 'disconnecting' };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The server and its database are up' })
  async health(@Res({ passthrough: true }) response: Response) {
    const started = Date.now();
    let ping = false;
    try {
      await this.connection.db?.admin().ping();
      ping = true;
    } catch {
      ping = false;
    }
    // `state` is what the ping found; `connection` is what mongoose believes, which lags behind it.
    const database = { state: ping ? 'up' : 'down', connection: STATES[this.connection.readyState] ?? 'unknown', latencyMs: Date.now() - started };
    response.status(ping ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    if (!ping) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return { status: ping ? 'ok' : 'degraded', database, uptimeSeconds: Math.round(process.uptime()) };
  }
}
