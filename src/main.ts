import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app.config';
import { ConfigError } from './config/config-error';
import { createApp } from './app.factory';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-server';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Maillage');
  let config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.mongodbUri) {
    logger.log(`MONGODB_URI is not set: starting the embedded database under ${config.dataDir}`);
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, progress: (line) => logger.log(line) });
    logger.log(`Embedded ${embedded.kind} listening at ${embedded.uri}`);
    config = { ...config, mongodbUri: embedded.uri };
  }

  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  await app.listen(config.port, config.host);
  logger.log(`Maillage is ready at http://localhost:${config.port} (API docs: /api/docs)`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: finishing in-flight requests, then stopping`);
    const forceExit = setTimeout(() => process.exit(1), 15_000);
    forceExit.unref();
    try {
      await app.close();
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
