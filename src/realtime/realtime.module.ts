import { Module } from '@nestjs/common';

/** Filled in by its feature issue. */
@Module({})
export class RealtimeModule {}
