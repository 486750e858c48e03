import { canonicalBytes } from '@onus/domain';
import { fromHex, leafHash, toHex, verifyConsistency, verifyInclusion } from '@onus/integrity';
import { openCheckpoint, parseVerifierKey } from '@onus/integrity';
import { type RunningApp, startApp } from '../support/http-app';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** The notary inside `onus serve`: signed checkpoints over the log, served over HTTP. */
describe('signed checkpoints (GET /v1/keys, /v1/checkpoints/…)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({
      ONUS_CHECKPOINT_EVERY_EVENTS: '3',
      ONUS_CHECKPOINT_EVERY_SECONDS: '3600',
    });
  });
  afterAll(() => app.close());

  async function waitForCheckpoint(size: number): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const response = await app.call('GET', `/v1/checkpoints/${size}`);
      if (response.status === 200) return response.text;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no checkpoint at ${size}`);
  }

  it('signs a checkpoint every N events that verifies with the published key, and proves the log only grew', async () => {
    expect((await app.call('GET', '/v1/checkpoints/latest')).status).toBe(404);
    const contract = {
      type: 'EngagementContracted',
      engagementId: 'eng-1',
      actor: 'admin',
      occurredAt: minutesAgo(10),
      data: {
        client: { name: 'C' },
        mssp: { name: 'M' },
        startsAt: minutesAgo(10),
        services: ['monitoring'],
        scope: { endpoints: 1, servers: 1, telemetry: [] },
        sla: {
          acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
          requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
        },
      },
    };
    expect((await app.call('POST', '/v1/events', contract)).status).toBe(201);
    const alertIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const alert = {
        type: 'AlertRaised',
        engagementId: 'eng-1',
        actor: 's',
        occurredAt: minutesAgo(1),
        data: { alertId: `a-${i}`, severity: 'low', title: 't' },
      };
      const recorded = await app.call('POST', '/v1/events', alert, app.recorder('mssp', 'eng-1'));
      expect(recorded.status).toBe(201);
      alertIds.push(recorded.body.id as string);
    }

    const [key] = (await app.call('GET', '/v1/keys')).body as Array<{
      name: string;
      verifierKey: string;
    }>;
    expect(key!.name).toBe('onus.local/ledger');
    const verifier = parseVerifierKey(key!.verifierKey);
    const three = openCheckpoint(await waitForCheckpoint(3), verifier, 'onus.local/ledger');
    const six = openCheckpoint(await waitForCheckpoint(6), verifier, 'onus.local/ledger');
    expect([three.size, six.size]).toEqual([3, 6]);
    expect((await app.call('GET', '/v1/checkpoints/latest')).text).toBe(await waitForCheckpoint(6));

    const consistency = await app.call('GET', '/v1/checkpoints/consistency?from=3&to=6');
    expect(consistency.status).toBe(200);
    const proof = (consistency.body.proof as string[]).map((hash) => fromHex(hash, 32));
    expect(verifyConsistency(3, 6, proof, three.root, six.root)).toBe(true);
    expect(verifyConsistency(3, 6, proof, six.root, six.root)).toBe(false);

    // An event with its inclusion proof against the latest checkpoint, verifiable offline.
    const first = await app.call('GET', `/v1/events/${encodeURIComponent(alertIds[0]!)}`);
    expect(first.status).toBe(200);
    expect(first.body.event).toMatchObject({ type: 'AlertRaised', position: 1 });
    const inclusion = first.body.inclusion;
    expect(inclusion).toMatchObject({
      position: 1,
      size: 6,
      checkpoint: await waitForCheckpoint(6),
    });
    const leaf = leafHash(Buffer.from(canonicalBytes(first.body.event), 'utf8'));
    expect(toHex(leaf)).toBe(inclusion.leafHash);
    const path = (inclusion.proof as string[]).map((hash) => fromHex(hash, 32));
    expect(verifyInclusion(leaf, 1, 6, path, six.root)).toBe(true);
    expect(verifyInclusion(leaf, 2, 6, path, six.root)).toBe(false);
    expect((await app.call('GET', '/v1/events/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );

    expect((await app.call('GET', '/v1/checkpoints/4')).status).toBe(404);
    expect((await app.call('GET', '/v1/checkpoints/consistency?from=x')).status).toBe(400);
  });
});
