import canonicalize from 'canonicalize';
import fc from 'fast-check';
import {
  canonicalBytes,
  eventHash,
  HASHED_FIELDS,
  type HashedEnvelope,
  verifyChain,
  ZERO_HASH,
} from './hash-chain';
import { effectiveTime } from './effective-time';

function envelope(
  revision: number,
  prevHash: string,
  data: Record<string, unknown> = { alertId: 'a-1' },
): HashedEnvelope {
  return {
    id: '55423ac5-dd7d-5fb0-8d65-ae210db9191c',
    type: 'AlertAcknowledged',
    engagementId: 'eng-1',
    party: 'mssp',
    actor: 'jack@mssp.example',
    occurredAt: '2023-12-23T19:47:00.000Z',
    recordedAt: '2023-12-23T19:47:00.000Z',
    data: data as never,
    stream: 'eng-1/alert/a-1',
    revision,
    prevHash,
  };
}

describe('hash chain', () => {
  it('hashes the RFC 8785 canonical form: key order and extra fields do not matter', () => {
    const a = envelope(0, ZERO_HASH, { alertId: 'a-1', note: 'x', n: 1.5 });
    const b = {
      ...envelope(0, ZERO_HASH, { n: 1.5, note: 'x', alertId: 'a-1' }),
      hash: 'ignored',
      position: 99,
    };
    expect(eventHash(a)).toBe(eventHash(b));
    expect(eventHash(a)).toMatch(/^[0-9a-f]{64}$/);
    // Sorted keys, no white space, numbers in their shortest ECMAScript form.
    expect(canonicalBytes(a)).toMatch(
      /^\{"actor":"jack@mssp.example","data":\{"alertId":"a-1","n":1.5,"note":"x"\},"engagementId"/,
    );
  });

  it('keeps the hashes of stored events: a fixed envelope, a fixed digest', () => {
    const fixed = envelope(0, ZERO_HASH, { alertId: 'a-1', n: 1.5, é: [1, null, { b: 1, a: 2 }] });
    expect(eventHash(fixed)).toBe(
      '487fbdb7754204d01cab4a6fcb88525cc6e538fdfa06600251e284963ae6319a',
    );
  });

  it('writes the same bytes as the JCS library over the picked fields, for any values', () => {
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(HASHED_FIELDS.map((field) => [field, fc.jsonValue()])), {
          requiredKeys: [],
        }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (fields, extra) => {
          const envelope = { ...extra, ...fields } as unknown as HashedEnvelope;
          const picked = Object.fromEntries(HASHED_FIELDS.map((f) => [f, envelope[f]]));
          expect(canonicalBytes(envelope)).toBe(canonicalize(picked));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('covers every envelope field, the stream, the revision and the link', () => {
    const base = eventHash(envelope(0, ZERO_HASH));
    expect(eventHash({ ...envelope(0, ZERO_HASH), actor: 'mallory' })).not.toBe(base);
    expect(
      eventHash({ ...envelope(0, ZERO_HASH), recordedAt: '2023-12-23T19:48:00.000Z' }),
    ).not.toBe(base);
    expect(eventHash(envelope(1, ZERO_HASH))).not.toBe(base);
    expect(eventHash(envelope(0, '1'.repeat(64)))).not.toBe(base);
    expect(eventHash({ ...envelope(0, ZERO_HASH), stream: 'eng-1/alert/a-2' })).not.toBe(base);
  });

  it('verifies a chain and names the first broken revision', () => {
    const first = { ...envelope(0, ZERO_HASH), hash: '' };
    first.hash = eventHash(first);
    const second = { ...envelope(1, first.hash, { alertId: 'a-1', more: true }), hash: '' };
    second.hash = eventHash(second);
    expect(verifyChain([first, second])).toBeUndefined();
    expect(verifyChain([first, { ...second, actor: 'mallory' }])).toEqual({
      revision: 1,
      reason: 'hash does not match the event',
    });
    expect(verifyChain([{ ...first, data: { alertId: 'a-2' } as never }, second])).toEqual({
      revision: 0,
      reason: 'hash does not match the event',
    });
    expect(verifyChain([second])).toMatchObject({ revision: 1 });
  });
});

describe('effective time', () => {
  const t = Date.UTC(2024, 0, 1, 12, 0);
  it('is occurredAt within the tolerance, exactly at it included', () => {
    expect(effectiveTime(t, t + 10 * 60_000, 10)).toEqual({ effectiveAt: t, lateRecorded: false });
  });
  it('is recordedAt past the tolerance: the event is recorded late', () => {
    expect(effectiveTime(t, t + 10 * 60_000 + 1, 10)).toEqual({
      effectiveAt: t + 10 * 60_000 + 1,
      lateRecorded: true,
    });
  });
});
