import { DynamicModule, Global, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import mongoose, { Connection } from 'mongoose';
import { AppConfig } from '../config/app.config';
import { ChangeMark, ChangeMarks, ChangeMarkSchema } from './change-marks';
import { indexFerretDbIdLookups } from './ferretdb-id-index';
import { IdOnlyWrites } from './id-only-writes';
import { IS_FERRETDB, isFerretDb } from './server-detection';

/**
 * How the connection behaves while the database is away (down, restarting, no primary): requests
 * fail fast with an error the problem-details filter turns into a 503, instead of hanging.
 * - No mongoose buffering: a buffered query waits 10 s, and while queries wait in mongoose the
 *   driver is not asked for a server, so it only notices the database is back at its next
 *   heartbeat. Unbuffered, every query asks the driver, which checks the server at once.
 * - Server selection gives up after 1 s, so even a retried read or write answers within 2 s.
 * - Heartbeats every second notice the database coming back when nothing else asks.
 * - A heartbeat (or a new connection) gets 2 s: a frozen server (SIGSTOP, a stuck VM) is then
 *   declared down within about 3 s and the queries waiting on it fail, rather than hanging until
 *   it wakes up. Queries themselves keep no time limit, so long reports are not cut.
 * The connection exists before any model is used (MongooseModule awaits it), so nothing needs
 * buffering at start.
 */
const OUTAGE_OPTIONS = {
  bufferCommands: false,
  serverSelectionTimeoutMS: 1_000,
  heartbeatFrequencyMS: 1_000,
  connectTimeoutMS: 2_000,
} as const;

/** Waits for every model's indexes before serving: the unique indexes carry our invariants. */
class IndexesReady implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onApplicationBootstrap(): Promise<void> {
    const names = this.connection.modelNames();
    await Promise.all(names.map((name) => this.connection.model(name).init()));
    this.logger.log(`Indexes ready for ${names.length} collections`);
    // After init: every model's collection (FerretDB table) exists by now.
    const lookups = await indexFerretDbIdLookups(this.connection).catch((error: Error) => ({ skipped: error.message }));
    if ('indexed' in lookups) this.logger.log(`FerretDB: indexed lookups by _id in ${lookups.indexed} tables of ${lookups.file}`);
    else if (lookups.skipped !== 'not FerretDB') this.logger.log(`FerretDB: lookups by _id scan their tables (${lookups.skipped})`);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.mongodbUri) throw new Error('DatabaseModule needs a MongoDB URI (set MONGODB_URI or let main.ts start the embedded server)');
    // Mongoose otherwise captures `new Error().stack` on every query, only to word a "Query was
    // already executed" error: 3% of a 1,000-client join's CPU in a profile.
    mongoose.set('skipOriginalStackTraces', true);
    return {
      module: DatabaseModule,
      imports: [
        MongooseModule.forRootAsync({
          useFactory: async () => ({
            uri: config.mongodbUri,
            dbName: config.databaseName,
            autoIndex: true,
            autoCreate: true,
            ...OUTAGE_OPTIONS,
            ...((await isFerretDb(config.mongodbUri!)) ? { maxPoolSize: 1 } : {}),
          }),
        }),
        MongooseModule.forFeature([{ name: ChangeMark.name, schema: ChangeMarkSchema }]),
      ],
      providers: [IndexesReady, IdOnlyWrites, ChangeMarks, { provide: IS_FERRETDB, useFactory: () => isFerretDb(config.mongodbUri!) }],
      exports: [IdOnlyWrites, ChangeMarks, IS_FERRETDB],
    };
  }
}
