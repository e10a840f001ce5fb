import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { notFound } from './common/errors/problem.exception';
import { ProblemDetailsFilter } from './common/filters/problem-details.filter';
import { compressResponses, servePrecompressed } from './common/middleware/compressed-responses';
import { methodNotAllowed } from './common/middleware/method-not-allowed.middleware';
import { rejectOperatorKeys } from './common/middleware/reject-operator-keys.middleware';
import { completeOpenApiDocument } from './common/openapi/complete-document';
import { ProblemDetails } from './common/openapi/problem-details';
import { publishValidationConstraints } from './common/openapi/validation-constraints';
import { createValidationPipe } from './common/pipes/validation.pipe';
import { AppConfig } from './config/app.config';
import { projectRoot } from './database/project-paths';
import { RealtimeIoAdapter } from './realtime/socket-io.adapter';

/** Builds the whole application exactly as production runs it; tests call this too. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.init();
  return app;
}

function configureApp(app: NestExpressApplication, config: AppConfig): void {
  // The client address (rate limits) comes from X-Forwarded-For only when the peer is a proxy we
  // were told about; otherwise anyone could pick the address their requests are counted under.
  app.set('trust proxy', config.trustProxy.length ? config.trustProxy : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use(compressResponses());
  app.enableCors({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, credentials: false });
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  // The public pages' sign-up forms post without JavaScript (open doors); the API takes JSON only.
  app.use('/e', urlencoded({ extended: false, limit: 16 * 1024 }));
  app.use(rejectOperatorKeys);
  app.setGlobalPrefix('api', { exclude: [{ path: 'e/{*rest}', method: RequestMethod.ALL }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  setUpOpenApi(app);
  serveClient(app);
}

function setUpOpenApi(app: INestApplication): void {
  publishValidationConstraints();
  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Maillage API')
      .setDescription('Joint projects of associations: partners, charter, tasks, events, shared resources, chat.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ProblemDetails] },
  );
  const document = completeOpenApiDocument(generated);
  app.use(methodNotAllowed(document));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Serves the built web client at / with a history fallback; /api and /socket.io stay untouched. */
function serveClient(app: NestExpressApplication): void {
  const clientDir = join(projectRoot(), 'client', 'dist');
  if (!existsSync(join(clientDir, 'index.html'))) return;
  const precompressed = servePrecompressed(clientDir, { maxAge: '1h' });
  app.use(precompressed.middleware);
  app.useStaticAssets(clientDir, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isApi = request.path === '/api' || request.path.startsWith('/api/') || request.path.startsWith('/socket.io') || request.path.startsWith('/e/');
    if (request.method !== 'GET' || isApi) return next();
    if (!request.accepts('html')) return next(notFound());
    response.setHeader('Cache-Control', 'no-cache');
    if (precompressed.send(request, response, '/index.html', { 'Cache-Control': 'no-cache' })) return;
    response.sendFile(join(clientDir, 'index.html'));
  });
}
