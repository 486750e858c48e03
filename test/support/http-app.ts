import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@onus/config';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { AllInOneModule } from '../../src/app.module';
import { createHttpApp } from '../../src/http/start-http';

export interface RunningApp {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly dbPath: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; text: string }>;
  close(): Promise<void>;
}

/** The all-in-one application on a real SQLite file, listening on a loopback port. */
export async function startApp(env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'onus-e2e-'));
  const dbPath = join(dir, 'onus.db');
  const config = loadConfig({ ONUS_STORE: `sqlite:${dbPath}`, PORT: '0', ...env });
  const app = await createHttpApp(AllInOneModule.forRoot(config), { quiet: true });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    app,
    dbPath,
    store: app.get<EventStore>(EVENT_STORE),
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
