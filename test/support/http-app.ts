import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyStore, type KeyGrant, type RecorderParty } from '@onus/access';
import { loadConfig } from '@onus/config';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { AllInOneModule } from '../../src/app.module';
import { createHttpApp } from '../../src/http/start-http';

export interface RunningApp {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly dbPath: string;
  /** The operator key `call` sends unless told otherwise. */
  readonly operatorKey: string;
  /** Makes a key as `onus keys create` would; `headers` carry it. */
  key(grant: Partial<KeyGrant> & Pick<KeyGrant, 'role'>): {
    id: string;
    key: string;
    headers: { authorization: string };
  };
  /** The headers of a recorder key of the party for the engagements (made once, then kept). */
  recorder(party: RecorderParty, ...engagements: string[]): { authorization: string };
  /** Sends the operator key unless `headers.authorization` is given ('' sends none). */
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
  const keys = app.get(ApiKeyStore);
  const key: RunningApp['key'] = (grant) => {
    const { key, record } = keys.create({
      actor: `test-${grant.role}`,
      engagements: grant.role === 'recorder' ? [] : 'all',
      ...grant,
    } as KeyGrant);
    return { id: record.id, key, headers: { authorization: `Bearer ${key}` } };
  };
  const operatorKey = key({ role: 'operator' }).key;
  const recorders = new Map<string, { authorization: string }>();
  return {
    url,
    app,
    dbPath,
    operatorKey,
    key,
    recorder(party, ...engagements) {
      const name = `${party} ${engagements.join(' ')}`;
      let headers = recorders.get(name);
      if (!headers) {
        headers = key({ role: 'recorder', party, engagements }).headers;
        recorders.set(name, headers);
      }
      return headers;
    },
    store: app.get<EventStore>(EVENT_STORE),
    async call(method, path, body, headers = {}) {
      const { authorization = `Bearer ${operatorKey}`, ...rest } = headers;
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(authorization === '' ? {} : { authorization }),
          ...rest,
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
