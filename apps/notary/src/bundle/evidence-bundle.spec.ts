import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeVerdict, eventHash } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import {
  type BundleReport,
  type EvidenceBundle,
  MalformedBundleError,
  verifyBundle,
} from '@onus/evidence';
import { formatCheckpoint, parseVerifierKey, signNote } from '@onus/integrity';
import { LogScanSource, NotFoundError, Recorder } from '@onus/ledger';
import { Notary } from '../notary';
import { signingKeyFromSeed } from '../signing-key';
import { SqliteNotaryStore } from '../sqlite-node-store';
import { BundleRangeError, EvidenceBundler } from './evidence-bundler';
import { scenarioEvents } from '@onus/ledger/testing/scenarios';

const ORIGIN = 'onus.local/ledger';
const key = signingKeyFromSeed(createHash('sha256').update('bundle spec').digest(), ORIGIN);
const stranger = signingKeyFromSeed(createHash('sha256').update('stranger').digest(), ORIGIN);
const pinned = parseVerifierKey(key.verifierKey);

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A bundle as a verifier receives it: a JSON document, to be edited freely. */
type Editable = Mutable<EvidenceBundle>;

function clone(bundle: EvidenceBundle): Editable {
  return JSON.parse(JSON.stringify(bundle)) as Editable;
}

function failed(report: BundleReport): Record<string, string> {
  return Object.fromEntries(report.checks.filter((c) => !c.ok).map((c) => [c.check, c.detail]));
}

describe('evidence bundles: made from a real ledger, verified offline', () => {
  let dir: string;
  let store: SqliteEventStore;
  let storage: SqliteNotaryStore;
  let notary: Notary;
  let bundler: EvidenceBundler;
  const bundles = new Map<string, EvidenceBundle>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onus-bundle-'));
    store = new SqliteEventStore({ path: join(dir, 'ledger.db') });
    storage = new SqliteNotaryStore(store.database);
    const recorder = new Recorder(store, () => Date.now());
    for (const name of ['bank-unannounced-test', 'finserv-misplaced-sensor', 'smb-declined-mfa']) {
      for (const line of scenarioEvents(name))
        await recorder.record([line], { kind: 'operator-import' });
    }
    notary = new Notary({ events: store, storage, key, everyEvents: 1000, everyMs: Infinity });
    bundler = new EvidenceBundler(notary, new LogScanSource(store));
  });

  afterAll(async () => {
    await notary.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bundleOf(engagementId: string, incidentId?: string): Promise<EvidenceBundle> {
    const name = `${engagementId}/${incidentId ?? ''}`;
    let bundle = bundles.get(name);
    if (!bundle) {
      bundle = await bundler.bundle(engagementId, incidentId ? { incidentId } : {});
      bundles.set(name, bundle);
    }
    return bundle;
  }

  describe.each([
    ['eng-bank', undefined],
    ['eng-bank', 'inc-intruder'],
    ['eng-finserv', undefined],
    ['eng-finserv', 'inc-botnet'],
    ['eng-smb', undefined],
    ['eng-smb', 'inc-bec'],
  ])('%s %s', (engagementId, incidentId) => {
    it('verifies with the pinned key, every finding confirmed by the rules re-run', async () => {
      const bundle = await bundleOf(engagementId, incidentId);
      const report = verifyBundle(clone(bundle), { key: pinned });
      expect(failed(report)).toEqual({});
      expect(report.valid).toBe(true);
      expect(report.key).toEqual({ source: 'pinned', verifierKey: key.verifierKey });
      expect(report.findings.length).toBe(bundle.verdict.findings.length);
      expect(report.findings.every((f) => f.status === 'confirmed')).toBe(true);
    });

    it("carries the verdict of the whole ledger, not of the bundle's part of it", async () => {
      const bundle = await bundleOf(engagementId, incidentId);
      const everything = (await new LogScanSource(store).envelopesOf(engagementId)).filter(
        (event) => event.position < bundle.checkpoint.size,
      );
      const full = computeVerdict(engagementId, everything, {
        asOf: Date.parse(bundle.asOf),
        ...(incidentId ? { incidentId } : {}),
      });
      expect(full.ok && full.verdict).toEqual(bundle.verdict);
      // And it carries less than the whole engagement where it can.
      expect(bundle.events.length).toBeLessThanOrEqual(everything.length);
    });

    it('holds every stream it names whole, from revision 0, each event with a proof', async () => {
      const bundle = await bundleOf(engagementId, incidentId);
      for (const { stream, events } of bundle.streams) {
        const revisions = bundle.events
          .filter((b) => b.event.stream === stream)
          .map((b) => b.event.revision);
        expect(revisions).toEqual([...Array(events).keys()]);
      }
      const cited = bundle.verdict.findings.flatMap((f) => f.evidence.map((e) => e.eventId));
      const held = new Set(bundle.events.map((b) => b.event.id));
      expect(cited.filter((id) => !held.has(id))).toEqual([]);
    });
  });

  it('speaks as of the checkpoint by default, and as of an earlier time when asked', async () => {
    const now = await bundleOf('eng-finserv');
    const checkpoint = notary.latest()!;
    expect(now.asOf).toBe(new Date(checkpoint.timeMs).toISOString());
    const asOf = Date.parse('2016-09-01T00:00:00Z');
    const earlier = await bundler.bundle('eng-finserv', { asOf });
    expect(earlier.asOf).toBe('2016-09-01T00:00:00.000Z');
    expect(verifyBundle(earlier, { key: pinned }).valid).toBe(true);
  });

  it('refuses an asOf after the checkpoint, and an engagement or incident it does not know', async () => {
    await expect(bundler.bundle('eng-bank', { asOf: Date.now() + 3_600_000 })).rejects.toThrow(
      BundleRangeError,
    );
    await expect(bundler.bundle('eng-nobody')).rejects.toThrow(NotFoundError);
    await expect(bundler.bundle('eng-bank', { incidentId: 'inc-none' })).rejects.toThrow(
      /incident inc-none was not declared/,
    );
  });

  describe('a bundle edited after it was made does not verify', () => {
    let original: EvidenceBundle;
    beforeAll(async () => {
      original = await bundleOf('eng-finserv');
    });

    /** The first event of a stream with more than one event, and that stream's last event. */
    function firstAndLast(bundle: Editable): { first: number; last: number } {
      const stream = bundle.streams.find((s) => s.events > 1)!.stream;
      const indexes = bundle.events.flatMap((b, i) => (b.event.stream === stream ? [i] : []));
      return { first: indexes[0]!, last: indexes.at(-1)! };
    }

    it.each<[string, (bundle: Editable) => void, string, RegExp]>([
      [
        'one value in one event',
        (b) => {
          b.events[0]!.event.actor = `${b.events[0]!.event.actor}x`;
        },
        'events',
        /does not match its hash/,
      ],
      [
        'an event rewritten with a fresh hash, where the next event links to it',
        (b) => {
          const { event } = b.events[firstAndLast(b).first]!;
          event.actor = 'someone else';
          event.hash = eventHash(event);
        },
        'chains',
        /prevHash does not match/,
      ],
      [
        "a stream's last event rewritten with a fresh hash",
        (b) => {
          const { event } = b.events[firstAndLast(b).last]!;
          event.actor = 'someone else';
          event.hash = eventHash(event);
        },
        'inclusion',
        /is not proven to be in the signed log/,
      ],
      [
        'an event moved to another position',
        (b) => {
          b.events[0]!.event.position += 1;
        },
        'inclusion',
        /not proven/,
      ],
      [
        'a step of an inclusion proof',
        (b) => {
          const proof = b.events[2]!.inclusionProof;
          proof[0] = proof[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
        },
        'inclusion',
        /not proven/,
      ],
      [
        'an event left out of the middle of a stream',
        (b) => {
          const index = firstAndLast(b).first;
          const { stream } = b.events[index]!.event;
          b.events.splice(index, 1);
          b.streams.find((s) => s.stream === stream)!.events -= 1;
        },
        'chains',
        /revision 1 where 0 was expected/,
      ],
      [
        'an event left out but still counted in its stream',
        (b) => {
          b.events.splice(firstAndLast(b).last, 1);
        },
        'chains',
        /listed with \d+ events but \d+ are bundled/,
      ],
      [
        'a finding removed from the verdict',
        (b) => {
          b.verdict.findings.splice(0, 1);
        },
        'rules',
        /follows from the events but the verdict leaves it out/,
      ],
      [
        'a finding moved to another party',
        (b) => {
          const finding = b.verdict.findings[0]!;
          b.verdict.findings[0] = {
            ...finding,
            party: finding.party === 'client' ? 'mssp' : 'client',
          };
        },
        'rules',
        /does not follow from the events/,
      ],
      [
        'a finding made less late',
        (b) => {
          const finding = b.verdict.findings.find((f) => f.lateByMinutes !== null)!;
          b.verdict.findings[b.verdict.findings.indexOf(finding)] = {
            ...finding,
            lateByMinutes: 0,
          };
        },
        'rules',
        /differs in lateByMinutes/,
      ],
      [
        'the primary party',
        (b) => {
          b.verdict = { ...b.verdict, primary: b.verdict.primary === 'client' ? 'mssp' : 'client' };
        },
        'rules',
        /primary: the verdict says/,
      ],
      [
        'the root hash next to the checkpoint',
        (b) => {
          b.checkpoint = { ...b.checkpoint, rootHash: '0'.repeat(64) };
        },
        'signature',
        /not the size and root the bundle states/,
      ],
      [
        'a checkpoint signed again by another key',
        (b) => {
          const body = formatCheckpoint({
            origin: ORIGIN,
            size: b.checkpoint.size,
            root: Buffer.from(b.checkpoint.rootHash, 'hex'),
          });
          b.checkpoint = { ...b.checkpoint, note: signNote(body, stranger) };
          b.notaryKey = { ...b.notaryKey, verifierKey: stranger.verifierKey };
        },
        'signature',
        /does not verify with key/,
      ],
    ])('%s', (_, edit, check, reason) => {
      const edited = clone(original);
      edit(edited);
      const report = verifyBundle(edited, { key: pinned });
      expect(report.valid).toBe(false);
      expect(failed(report)[check]).toMatch(reason);
    });

    it('a bundle re-signed with another key verifies only with its own key, and says so', () => {
      const edited = clone(original);
      const body = formatCheckpoint({
        origin: ORIGIN,
        size: edited.checkpoint.size,
        root: Buffer.from(edited.checkpoint.rootHash, 'hex'),
      });
      edited.checkpoint = { ...edited.checkpoint, note: signNote(body, stranger) };
      edited.notaryKey = { ...edited.notaryKey, verifierKey: stranger.verifierKey };
      const unpinned = verifyBundle(edited);
      expect(unpinned.valid).toBe(true);
      expect(unpinned.key.source).toBe('bundle');
      expect(unpinned.key.warning).toMatch(/pin the notary's key with --key/);
      expect(verifyBundle(edited, { key: pinned }).valid).toBe(false);
    });
  });

  describe('what is not a bundle at all is malformed, with the path of each problem', () => {
    it.each<[string, unknown, RegExp]>([
      ['null', null, /\(the document\) must be an object/],
      ['an empty object', {}, /format is required/],
      ['another format', { format: 'something/2' }, /format must be "onus-evidence-bundle\/1"/],
    ])('%s', (_, input, message) => {
      expect(() => verifyBundle(input)).toThrow(MalformedBundleError);
      expect(() => verifyBundle(input)).toThrow(message);
    });

    it('names the field of an event that is not there or not of its type', async () => {
      const edited = clone(await bundleOf('eng-smb')) as unknown as {
        events: { event: Record<string, unknown>; inclusionProof: unknown }[];
      };
      delete edited.events[1]!.event.hash;
      edited.events[2]!.event.revision = -1;
      edited.events[3]!.inclusionProof = ['not hex'];
      expect(() => verifyBundle(edited)).toThrow(
        /events\[1\]\.event\.hash is required; events\[2\]\.event\.revision must be a whole number ≥ 0; events\[3\]\.inclusionProof\[0\] must be 64 lower-case hex digits/,
      );
    });

    it('a key in the bundle that is not a verifier key', async () => {
      const edited = clone(await bundleOf('eng-smb'));
      edited.notaryKey = { ...edited.notaryKey, verifierKey: 'nonsense' };
      expect(() => verifyBundle(edited)).toThrow(/notaryKey\.verifierKey is not a verifier key/);
    });
  });
});
