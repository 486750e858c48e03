import { type DynamicModule, type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import { ConfigError, ensureDataDirectory, loadConfig, type OnusConfig } from '@onus/config';
import { AccessGuard } from './access/access.guard';
import { ensureFirstOperatorKey } from './access/first-key';
import { routeTable } from './access/route-table';
import { BODY_LIMIT_BYTES, ErrorBodyFilter } from './error-body';
import { METRICS, type OnusMetrics } from './metrics.module';

/** NDJSON bodies (operator import, alert ingest) reach the route as text; the route splits them. */
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** Builds the HTTP application on Fastify. `quiet` keeps only warnings and errors (tests). */
export async function createHttpApp(
  root: Type<unknown> | DynamicModule,
  options: { quiet?: boolean } = {},
): Promise<NestFastifyApplication> {
  return assembleHttpApp(root, options, { accessControl: true });
}

/**
 * The application, with or without API keys and rate limits. Only the benchmark builds one
 * without, to measure what they cost; nothing a user sets reaches `accessControl: false`.
 */
export async function assembleHttpApp(
  root: Type<unknown> | DynamicModule,
  options: { quiet?: boolean },
  { accessControl }: { accessControl: boolean },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    {
      // Let a bad configuration surface as an error to print, not as a process exit inside Nest.
      abortOnError: false,
      ...(options.quiet ? { logger: ['error', 'warn'] as const } : {}),
    },
  );
  app.enableShutdownHooks();
  app.useGlobalFilters(new ErrorBodyFilter());
  if (accessControl) app.useGlobalGuards(app.get(AccessGuard));
  for (const route of routeTable(app).filter((r) => !r.rule))
    new Logger('Access').error(
      `${route.method} ${route.path} (${route.handler}) declares no access rule: every call to it is refused`,
    );
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(NDJSON_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
  await app.register(helmet, {
    // The OpenAPI UI at /docs and the review page have inline styles; their scripts are served
    // from routes of their own, so scripts stay 'self' only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  const metrics = app.get<OnusMetrics>(METRICS, { strict: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Onus')
      .setDescription('An accountability ledger for managed security: the write and audit APIs.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an Onus API key: onus_…' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/** Listens on the configured port. */
export async function startHttp(
  root: DynamicModule,
  config: OnusConfig,
  host = '0.0.0.0',
): Promise<INestApplication> {
  ensureDataDirectory(config);
  ensureFirstOperatorKey(config.dataDir);
  const app = await createHttpApp(root);
  await app.listen(config.port, host);
  new Logger('Onus').log(
    `listening on http://${host}:${config.port} (store: ${config.store.kind})`,
  );
  return app;
}

/** For a service's own entry point: one line on stderr and exit code 2 when it cannot start. */
export function runService(module: (config: OnusConfig) => DynamicModule): void {
  let config: OnusConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`onus: ${(error as Error).message}\n`);
    process.exit(2);
  }
  startHttp(module(config), config).catch((error: unknown) => {
    process.stderr.write(`onus: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
}
