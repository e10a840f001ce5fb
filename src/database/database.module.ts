import { DynamicModule, Global, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { AppConfig } from '../config/app.config';
import { isFerretDb } from './server-detection';

/** Waits for every model's indexes before serving: the unique indexes carry our invariants. */
class IndexesReady implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onApplicationBootstrap(): Promise<void> {
    const names = this.connection.modelNames();
    await Promise.all(names.map((name) => this.connection.model(name).init()));
    this.logger.log(`Indexes ready for ${names.length} collections`);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.mongodbUri) throw new Error('DatabaseModule needs a MongoDB URI (set MONGODB_URI or let main.ts start the embedded server)');
    return {
      module: DatabaseModule,
      imports: [
        MongooseModule.forRootAsync({
          useFactory: async () => ({
            uri: config.mongodbUri,
            dbName: config.databaseName,
            autoIndex: true,
            autoCreate: true,
            serverSelectionTimeoutMS: 10_000,
            ...((await isFerretDb(config.mongodbUri!)) ? { maxPoolSize: 1 } : {}),
          }),
        }),
      ],
      providers: [IndexesReady],
    };
  }
}
