import { BUNDLE_FORMAT, type EvidenceBundle } from './evidence-bundle';

/** The file is not a bundle this verifier can read: nothing about validity can be said. */
export class MalformedBundleError extends Error {
  override readonly name = 'MalformedBundleError';
  constructor(readonly problems: readonly { path: string; reason: string }[]) {
    super(
      `not an evidence bundle: ${problems
        .slice(0, 5)
        .map((p) => `${p.path || '(the document)'} ${p.reason}`)
        .join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    );
  }
}

type Problems = { path: string; reason: string }[];
type Check = (value: unknown, path: string, problems: Problems) => void;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Check = (value, path, problems) => {
  if (typeof value !== 'string') problems.push({ path, reason: 'must be a string' });
};
const nullableString: Check = (value, path, problems) => {
  if (value !== null && typeof value !== 'string') {
    problems.push({ path, reason: 'must be a string or null' });
  }
};
const count: Check = (value, path, problems) => {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    problems.push({ path, reason: 'must be a whole number ≥ 0' });
  }
};
const hex64: Check = (value, path, problems) => {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    problems.push({ path, reason: 'must be 64 lower-case hex digits (a SHA-256 hash)' });
  }
};
const object: Check = (value, path, problems) => {
  if (!isObject(value)) problems.push({ path, reason: 'must be an object' });
};

function fields(shape: Record<string, Check>): Check {
  return (value, path, problems) => {
    if (!isObject(value)) {
      problems.push({ path, reason: 'must be an object' });
      return;
    }
    for (const [key, check] of Object.entries(shape)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in value)) problems.push({ path: at, reason: 'is required' });
      else check(value[key], at, problems);
    }
  };
}

function list(item: Check, limit = Infinity): Check {
  return (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push({ path, reason: 'must be an array' });
      return;
    }
    value.forEach((element, i) => {
      if (problems.length < limit) item(element, `${path}[${i}]`, problems);
    });
  };
}

const evidence = fields({ eventId: string, type: string, position: count });
const finding = fields({
  code: string,
  party: string,
  subject: fields({ kind: string, id: string }),
  dueAt: string,
  summary: string,
  evidence: list(evidence),
});

const event = fields({
  id: string,
  type: string,
  engagementId: string,
  party: string,
  actor: string,
  occurredAt: string,
  recordedAt: string,
  data: object,
  stream: string,
  revision: count,
  position: count,
  prevHash: hex64,
  hash: hex64,
});

const bundle = fields({
  format: (value, path, problems) => {
    if (value !== BUNDLE_FORMAT) problems.push({ path, reason: `must be "${BUNDLE_FORMAT}"` });
  },
  engagementId: string,
  incidentId: nullableString,
  asOf: string,
  verdict: fields({
    engagementId: string,
    incidentId: nullableString,
    asOf: string,
    rulesVersion: string,
    primary: string,
    parties: object,
    findings: list(finding),
  }),
  checkpoint: fields({ size: count, rootHash: hex64, note: string }),
  notaryKey: fields({ name: string, keyId: string, publicKey: string, verifierKey: string }),
  reach: string,
  streams: list(fields({ stream: string, events: count })),
  events: list(
    fields({ event, inclusionProof: list(hex64) }),
    // Enough to say what is wrong without listing a whole broken file.
    50,
  ),
});

/** Checks that `input` has the bundle's shape (not that anything in it is true). */
export function parseBundle(input: unknown): EvidenceBundle {
  const problems: Problems = [];
  bundle(input, '', problems);
  if (problems.length > 0) throw new MalformedBundleError(problems);
  return input as EvidenceBundle;
}
