/**
 * The baseline of the access-control benchmark: the all-in-one application without API keys
 * and rate limits, every request taken as the MSSP recorder of the bench engagement. Only the
 * benchmark starts it; `onus serve` has no such mode.
 * Usage: node unguarded.server.js PORT DB_PATH
 */
import 'reflect-metadata';
import { type ApiKeyRecord } from '@onus/access';
import { loadConfig } from '@onus/config';
import { AllInOneModule } from '../../src/app.module';
import { assembleHttpApp } from '../../src/http/start-http';

const MSSP: ApiKeyRecord = {
  id: '0000000000000000',
  actor: 'sensor',
  role: 'recorder',
  party: 'mssp',
  engagements: ['bench'],
  createdAt: '2024-01-01T00:00:00.000Z',
  revokedAt: null,
};
const OPERATOR: ApiKeyRecord = { ...MSSP, role: 'operator', engagements: 'all' };

async function main(): Promise<void> {
  const [port, path] = process.argv.slice(2);
  if (!port || !path) throw new Error('usage: unguarded.server PORT DB_PATH');
  const config = loadConfig({ ...process.env, ONUS_STORE: `sqlite:${path}`, PORT: port });
  // As `onus serve` builds it (same logging), less the guards.
  const app = await assembleHttpApp(AllInOneModule.forRoot(config), {}, { accessControl: false });
  // What the guard would have found; the contract is recorded as the operator.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, _reply, done) => {
      request.onusKey = request.headers['x-bench-operator'] ? OPERATOR : MSSP;
      done();
    });
  await app.listen(config.port, '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(`unguarded server: ${(error as Error).message}\n`);
  process.exit(1);
});
