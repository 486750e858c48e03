import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyStore } from '@onus/access';
import { loadConfig } from '@onus/config';
import { routeTable } from '../../src/http/access/route-table';
import { createHttpApp } from '../../src/http/start-http';
import { ServiceRootModule } from '../../src/service-root.module';

@Controller('v1/forgotten')
class ForgottenHttpController {
  @Get()
  secrets(): { secret: string } {
    return { secret: 'should never be served' };
  }
}

@Module({ controllers: [ForgottenHttpController] })
class ForgottenModule {}

describe('a route without an access rule', () => {
  let dir: string;
  let app: NestFastifyApplication;
  let url: string;
  const logged: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onus-closed-'));
    const config = loadConfig({ ONUS_STORE: `sqlite:${join(dir, 'onus.db')}` });
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      app = await createHttpApp(ServiceRootModule.forRoot(config, [ForgottenModule]), {
        quiet: true,
      });
    } finally {
      spy.mockRestore();
    }
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is named in the log at start and shows in the route table without a rule', () => {
    expect(logged.join('')).toContain(
      'GET /v1/forgotten (ForgottenHttpController.secrets) declares no access rule',
    );
    expect(routeTable(app).find((route) => route.path === '/v1/forgotten')).toMatchObject({
      method: 'GET',
      rule: undefined,
    });
  });

  it('is refused to every caller, an operator key included', async () => {
    const { key } = app
      .get(ApiKeyStore)
      .create({ actor: 'ops', role: 'operator', engagements: 'all' });
    const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${key}` }];
    for (const headers of callers) {
      const response = await fetch(`${url}/v1/forgotten`, { headers });
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(body).not.toContain('should never be served');
      expect(JSON.parse(body)).toMatchObject({ message: 'this route declares no access rule' });
    }
  });
});
