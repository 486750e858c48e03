import { createHash } from 'node:crypto';
import {
  canonicalBytes,
  type FindingReplay,
  type LedgerEvent,
  replayVerdict,
  ZERO_HASH,
} from '@onus/domain';
import {
  type Checkpoint,
  hashEquals,
  leafHash,
  NoteError,
  type NoteVerifier,
  openCheckpoint,
  parseVerifierKey,
  verifyInclusion,
} from '@onus/integrity';
import { MalformedBundleError, parseBundle } from './bundle-shape';
import { type EvidenceBundle } from './evidence-bundle';

export type CheckName = 'signature' | 'events' | 'chains' | 'inclusion' | 'rules';

export interface BundleCheck {
  readonly check: CheckName;
  readonly ok: boolean;
  /** One plain sentence: what was checked and what came out. */
  readonly detail: string;
}

export interface BundleReport {
  /** Every check passed. */
  readonly valid: boolean;
  readonly engagementId: string;
  readonly incidentId: string | null;
  readonly asOf: string;
  readonly primary: string;
  readonly key: {
    /** `pinned`: given by the verifier; `bundle`: taken from the bundle itself (weaker). */
    readonly source: 'pinned' | 'bundle';
    readonly verifierKey: string;
    readonly warning?: string;
  };
  readonly checkpoint: { readonly size: number; readonly rootHash: string; readonly time?: string };
  readonly events: number;
  readonly streams: number;
  readonly reach: string;
  readonly checks: readonly BundleCheck[];
  readonly findings: readonly FindingReplay[];
}

export interface VerifyBundleOptions {
  /** The notary's verifier key, pinned by whoever verifies. Without it, the bundle's own. */
  readonly key?: NoteVerifier;
}

/**
 * Verifies an evidence bundle with nothing but the bundle (and, better, a pinned key): the
 * checkpoint's signature; each event's hash; each stream's chain, whole from its first event;
 * each event's inclusion in the signed tree; and the rulebook re-run on the bundled events,
 * which must give the bundle's verdict exactly. Pure: no store, no network, no clock.
 *
 * Throws {@link MalformedBundleError} when `input` is not a bundle at all.
 */
export function verifyBundle(input: unknown, options: VerifyBundleOptions = {}): BundleReport {
  const bundle = parseBundle(input);
  const key = options.key ?? bundleKey(bundle);
  const checks: BundleCheck[] = [];
  const events = bundle.events.map((b) => b.event);

  const signed = checkSignature(bundle, key, checks);
  // Each envelope is canonicalised once: its hash, and its leaf in the tree, are of these bytes.
  const leaves = new Map<LedgerEvent, Buffer>();
  checks.push(checkEvents(bundle, events, leaves));
  checks.push(checkChains(bundle, events));
  checks.push(checkInclusion(bundle, signed, leaves));
  const replay = replayOrExplain(bundle, events);
  checks.push(replay.check);

  return {
    valid: checks.every((c) => c.ok),
    engagementId: bundle.engagementId,
    incidentId: bundle.incidentId,
    asOf: bundle.asOf,
    primary: bundle.verdict.primary,
    key: {
      source: options.key ? 'pinned' : 'bundle',
      verifierKey: formatKey(key, bundle),
      ...(options.key
        ? {}
        : {
            warning:
              "the key was taken from the bundle itself, so the signature only shows the bundle is consistent, not who signed it: pin the notary's key with --key",
          }),
    },
    checkpoint: {
      size: bundle.checkpoint.size,
      rootHash: bundle.checkpoint.rootHash,
      ...(signed?.timeMs === undefined ? {} : { time: new Date(signed.timeMs).toISOString() }),
    },
    events: events.length,
    streams: bundle.streams.length,
    reach: bundle.reach,
    checks,
    findings: replay.findings,
  };
}

function bundleKey(bundle: EvidenceBundle): NoteVerifier {
  try {
    return parseVerifierKey(bundle.notaryKey.verifierKey);
  } catch (error) {
    throw new MalformedBundleError([
      {
        path: 'notaryKey.verifierKey',
        reason: `is not a verifier key: ${(error as Error).message}`,
      },
    ]);
  }
}

function formatKey(key: NoteVerifier, bundle: EvidenceBundle): string {
  const own = bundle.notaryKey.verifierKey;
  try {
    const parsed = parseVerifierKey(own);
    if (parsed.name === key.name && parsed.keyId.equals(key.keyId)) return own;
  } catch {
    // Reported below as the key's name and id.
  }
  return `${key.name}+${key.keyId.toString('hex')}`;
}

function checkSignature(
  bundle: EvidenceBundle,
  key: NoteVerifier,
  checks: BundleCheck[],
): Checkpoint | undefined {
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(bundle.checkpoint.note, key);
  } catch (error) {
    const reason = error instanceof NoteError ? error.message : String(error);
    checks.push({
      check: 'signature',
      ok: false,
      detail: `the checkpoint note does not verify with key ${key.name}: ${reason}`,
    });
    return undefined;
  }
  const root = Buffer.from(bundle.checkpoint.rootHash, 'hex');
  if (checkpoint.size !== bundle.checkpoint.size || !hashEquals(checkpoint.root, root)) {
    checks.push({
      check: 'signature',
      ok: false,
      detail: `the signed checkpoint is of size ${checkpoint.size} with root ${checkpoint.root.toString('hex')}, not the size and root the bundle states`,
    });
    return undefined;
  }
  checks.push({
    check: 'signature',
    ok: true,
    detail: `checkpoint of ${checkpoint.size} events signed by ${key.name} (key ${key.keyId.toString('hex')})`,
  });
  return checkpoint;
}

function checkEvents(
  bundle: EvidenceBundle,
  events: readonly LedgerEvent[],
  leaves: Map<LedgerEvent, Buffer>,
): BundleCheck {
  const positions = new Set<number>();
  let previous = -1;
  for (const event of events) {
    const label = `event ${event.id} (position ${event.position})`;
    const fail = (reason: string): BundleCheck => ({
      check: 'events',
      ok: false,
      detail: `${label} ${reason}`,
    });
    if (event.engagementId !== bundle.engagementId) {
      return fail(`belongs to engagement ${event.engagementId}, not ${bundle.engagementId}`);
    }
    if (positions.has(event.position)) return fail('appears twice');
    if (event.position <= previous) return fail('is out of position order');
    if (event.position >= bundle.checkpoint.size) {
      return fail(`is beyond the checkpoint of ${bundle.checkpoint.size} events`);
    }
    let bytes: Buffer;
    try {
      bytes = Buffer.from(canonicalBytes(event), 'utf8');
    } catch (error) {
      return fail(`has no canonical form: ${(error as Error).message}`);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== event.hash) {
      return fail('does not match its hash: its content was changed');
    }
    leaves.set(event, bytes);
    positions.add(event.position);
    previous = event.position;
  }
  for (const field of ['engagementId', 'incidentId', 'asOf'] as const) {
    if (bundle[field] !== bundle.verdict[field]) {
      return {
        check: 'events',
        ok: false,
        detail: `the bundle's ${field} (${String(bundle[field])}) is not the verdict's (${String(bundle.verdict[field])})`,
      };
    }
  }
  return {
    check: 'events',
    ok: true,
    detail: `${events.length} events, each matching its SHA-256 hash`,
  };
}

function checkChains(bundle: EvidenceBundle, events: readonly LedgerEvent[]): BundleCheck {
  const byStream = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const list = byStream.get(event.stream);
    if (list) list.push(event);
    else byStream.set(event.stream, [event]);
  }
  const listed = new Map(bundle.streams.map((s) => [s.stream, s.events]));
  for (const stream of byStream.keys()) {
    if (!listed.has(stream)) {
      return { check: 'chains', ok: false, detail: `stream ${stream} is not listed in the bundle` };
    }
  }
  for (const [stream, count] of listed) {
    const chain = (byStream.get(stream) ?? []).sort((a, b) => a.revision - b.revision);
    if (chain.length !== count) {
      return {
        check: 'chains',
        ok: false,
        detail: `stream ${stream} is listed with ${count} events but ${chain.length} are bundled`,
      };
    }
    const broken = brokenLink(chain);
    if (broken) {
      return { check: 'chains', ok: false, detail: `stream ${stream} breaks at ${broken}` };
    }
  }
  return {
    check: 'chains',
    ok: true,
    detail: `${listed.size} streams, each a whole hash chain from its first event`,
  };
}

/**
 * Where a stream's events stop being one chain from revision 0: each event's hash against its
 * content is the `events` check's, so this follows the links.
 */
function brokenLink(chain: readonly LedgerEvent[]): string | undefined {
  let previous = ZERO_HASH;
  for (const [revision, event] of chain.entries()) {
    if (event.revision !== revision) {
      return `revision ${event.revision}: revision ${event.revision} where ${revision} was expected`;
    }
    if (event.prevHash !== previous) {
      return `revision ${revision}: prevHash does not match the previous event`;
    }
    previous = event.hash;
  }
  return undefined;
}

function checkInclusion(
  bundle: EvidenceBundle,
  signed: Checkpoint | undefined,
  leaves: ReadonlyMap<LedgerEvent, Buffer>,
): BundleCheck {
  if (!signed) {
    return {
      check: 'inclusion',
      ok: false,
      detail: 'not checked: without a verified checkpoint there is no root to prove against',
    };
  }
  for (const { event, inclusionProof } of bundle.events) {
    // Events after one whose hash failed were not canonicalised yet.
    const bytes = leaves.get(event) ?? canonicalOrUndefined(event);
    const leaf = bytes && leafHash(bytes);
    const proof = inclusionProof.map((h) => Buffer.from(h, 'hex'));
    if (!leaf || !verifyInclusion(leaf, event.position, signed.size, proof, signed.root)) {
      return {
        check: 'inclusion',
        ok: false,
        detail: `event ${event.id} (position ${event.position}) is not proven to be in the signed log`,
      };
    }
  }
  return {
    check: 'inclusion',
    ok: true,
    detail: `every event is at its position in the log of ${signed.size} events the checkpoint signs`,
  };
}

function canonicalOrUndefined(event: LedgerEvent): Buffer | undefined {
  try {
    return Buffer.from(canonicalBytes(event), 'utf8');
  } catch {
    return undefined;
  }
}

function replayOrExplain(
  bundle: EvidenceBundle,
  events: readonly LedgerEvent[],
): { check: BundleCheck; findings: readonly FindingReplay[] } {
  let replay;
  try {
    replay = replayVerdict(bundle.verdict, events);
  } catch (error) {
    return {
      check: {
        check: 'rules',
        ok: false,
        detail: `the rules could not be run on the bundled events: ${(error as Error).message}`,
      },
      findings: [],
    };
  }
  const confirmed = replay.findings.filter((f) => f.status === 'confirmed').length;
  const claimed = bundle.verdict.findings.length;
  if (replay.reproduced) {
    return {
      check: {
        check: 'rules',
        ok: true,
        detail: `rules ${bundle.verdict.rulesVersion} re-run on the bundled events give the verdict exactly: ${confirmed} of ${claimed} findings confirmed, primary ${bundle.verdict.primary}`,
      },
      findings: replay.findings,
    };
  }
  const wrong = replay.findings.filter((f) => f.status !== 'confirmed');
  const reasons = [
    ...replay.problems,
    ...wrong.map((f) => `${f.code} (${f.party}, ${f.subject.kind} ${f.subject.id}) ${describe(f)}`),
  ];
  return {
    check: {
      check: 'rules',
      ok: false,
      detail: `the rules re-run on the bundled events do not give the bundle's verdict: ${reasons.join('; ')}`,
    },
    findings: replay.findings,
  };
}

function describe(finding: FindingReplay): string {
  switch (finding.status) {
    case 'confirmed':
      return 'is confirmed';
    case 'differs':
      return `differs in ${(finding.fields ?? []).join(', ')}`;
    case 'not-reproduced':
      return 'does not follow from the events';
    case 'omitted':
      return 'follows from the events but the verdict leaves it out';
  }
}
