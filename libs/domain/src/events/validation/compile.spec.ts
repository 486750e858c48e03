import { IsOptional } from 'class-validator';
import fc from 'fast-check';
import {
  AREAS,
  DECLINE_REASONS,
  DISPOSITIONS,
  EVENT_TYPES,
  type EventType,
  FEE_PERIODS,
  PARTIES,
  REQUEST_SERVICES,
  ROOT_CAUSE_KINDS,
  SERVICES,
  SEVERITIES,
} from '../event-catalogue';
import { validateDto } from './compile';
import {
  AlertRefDataDto,
  FeeDto,
  NamedPartyDto,
  PartialScopeDto,
  PartialSeverityMinutesDto,
  PartialSlaDto,
  RelatesToDto,
  RootCauseDto,
  ScopeDto,
  SeverityMinutesDto,
  SlaDto,
  TestScopeDto,
} from './data.dto';
import { type DtoClass, Field, Nested, type Rule, text } from './rules';
import { parseTimestamp } from './timestamp';
import {
  validateEnvelopeWithClassValidator,
  validateWithClassValidator,
} from './testing/class-validator-reference';
import { EXAMPLE_DATA, EXAMPLE_ENVELOPE } from './testing/examples';
import { parseTimestampWithRegExp } from './testing/timestamp-reference';
import { type FieldError, validateEnvelope, type ValidationResult } from './validate-envelope';

/**
 * The compiled validator against class-validator, its reference: on valid envelopes of every type
 * and on thousands of broken ones, the same result (the same normalised envelope, or the same
 * errors in the same order).
 */

function same(input: unknown): ValidationResult {
  const fast = validateEnvelope(input);
  expect(fast).toStrictEqual(validateEnvelopeWithClassValidator(input));
  return fast;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function example(type: EventType): Record<string, unknown> {
  return clone({ ...EXAMPLE_ENVELOPE, type, data: EXAMPLE_DATA[type] });
}

/** Sets a property the way JSON.parse does: `__proto__` is an own property, not the prototype. */
function put(object: object, key: string | number, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An object with the same own properties and another prototype. */
function withPrototype(from: Record<string, unknown>, proto: object | null): object {
  const object = Object.create(proto) as object;
  for (const key of Object.keys(from)) put(object, key, from[key]);
  return object;
}

class NotADto {}
class FeeSubclass extends FeeDto {}

/** The DTO classes an object under a key could be an instance of, the right one among them. */
const NESTED_CLASSES = new Map<string | number, readonly DtoClass[]>([
  ['client', [NamedPartyDto]],
  ['mssp', [NamedPartyDto]],
  ['scope', [ScopeDto, PartialScopeDto, TestScopeDto]],
  ['sla', [SlaDto, PartialSlaDto]],
  ['acknowledgeMinutes', [SeverityMinutesDto, PartialSeverityMinutesDto]],
  ['notifyClientMinutes', [PartialSeverityMinutesDto, SeverityMinutesDto]],
  ['requestResponseMinutes', [SeverityMinutesDto, PartialSeverityMinutesDto]],
  ['fee', [FeeDto]],
  ['relatesTo', [RelatesToDto]],
  ['rootCause', [RootCauseDto]],
]);
const ANY_CLASS = [...new Set([...NESTED_CLASSES.values()].flat()), NotADto];

// ---------------------------------------------------------------------------------------------
// What a broken envelope is made of.

const two = (n: number): string => String(n).padStart(2, '0');

/** Timestamp-like strings: mostly well-formed, with every part sometimes out of range or shape. */
const timestampLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
      fc.constantFrom('1970', '2024', '2100', '0000', '9999', '999', '10000', '2O24'),
    ),
    fc.integer({ min: 0, max: 13 }).map(two),
    fc.integer({ min: 0, max: 32 }).map(two),
    fc.constantFrom('T', 'T', 'T', 't', ' ', ''),
    fc.integer({ min: 0, max: 25 }).map(two),
    fc.integer({ min: 0, max: 61 }).map(two),
    fc.option(fc.integer({ min: 0, max: 61 }).map((s) => `:${two(s)}`)),
    fc.option(fc.stringMatching(/^\.\d{0,12}$/)),
    fc.oneof(
      fc.constantFrom('Z', 'Z', 'z', '', 'UTC', '+', '+01', '+1:00', '+01:0', '-00:00'),
      fc
        .tuple(
          fc.constantFrom('+', '-'),
          fc.integer({ min: 0, max: 25 }),
          fc.constantFrom(':', ''),
          fc.integer({ min: 0, max: 61 }),
        )
        .map(([sign, h, sep, m]) => `${sign}${two(h)}${sep}${two(m)}`),
    ),
  )
  .map(
    ([y, mo, d, t, h, mi, s, f, zone]) =>
      `${y}-${mo}-${d}${t}${h}:${mi}${s ?? ''}${f ?? ''}${zone}`,
  );

/** Instants of 0000..9999 written in any offset, any precision. */
const timestampOfInstant: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: Date.UTC(0, 0, 1) - 86_400_000, max: Date.UTC(10000, 0, 1) + 86_400_000 }),
    fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    fc.constantFrom(':', ''),
    fc.integer({ min: 0, max: 3 }),
    fc.stringMatching(/^\d{0,6}$/),
  )
  .map(([utc, offset, sep, precision, extra]) => {
    const local = new Date(utc + offset * 60_000).toISOString();
    const zone =
      offset === 0 && precision % 2 === 0
        ? 'Z'
        : `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}${sep}${two(Math.abs(offset) % 60)}`;
    // `YYYY-MM-DDTHH:mm`, then seconds, then the fraction, then more digits.
    const body = [16, 19, 23, 23][precision] as number;
    const digits = precision === 3 ? extra : '';
    return /^\d{4}-/.test(local) ? `${local.slice(0, body)}${digits}${zone}` : local;
  });

const ENUM_VALUES = [
  ...PARTIES,
  ...SEVERITIES,
  ...SERVICES,
  ...AREAS,
  ...DISPOSITIONS,
  ...REQUEST_SERVICES,
  ...DECLINE_REASONS,
  ...ROOT_CAUSE_KINDS,
  ...FEE_PERIODS,
];

const scalar = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -0,
  -1,
  1,
  0.5,
  -2.5,
  1440,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  1e21,
  -1e300,
  NaN,
  Infinity,
  -Infinity,
  '',
  ' ',
  '\t\n',
  'x',
  'a b',
  'a/2',
  'a\uD800b',
  '\uDC00',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(200),
  'x'.repeat(201),
  'USD',
  'usd',
  'EURO',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  '0F8FAD5B-D9CB-469F-A165-70867728950',
  'alert_raised',
  'alertraised',
  'Alert-Raised',
  ...ENUM_VALUES,
  ...EVENT_TYPES,
);

/**
 * Values that JSON.parse never returns, made afresh for each draw: a mutation that adds to an
 * array would otherwise add to the one shared instance, and a later run would meet it cyclic.
 */
const notJson = fc
  .constantFrom<() => unknown>(
    () => undefined,
    () => new Date(0),
    () => new Map(),
    () => new Set(['a']),
    () => 10n,
    () => Symbol('s'),
    () => () => 1,
    () => new NotADto(),
    () => [1, , 2], // eslint-disable-line no-sparse-arrays
  )
  .map((make) => make());

const KEYS = [
  // The envelope's fields, the ledger's.
  'id',
  'type',
  'engagementId',
  'party',
  'actor',
  'occurredAt',
  'recordedAt',
  'expectedRevision',
  'data',
  'stream',
  'revision',
  'position',
  'prevHash',
  'hash',
  'effectiveAt',
  'lateRecorded',
  // Fields of some data or nested class.
  ...new Set(Object.values(EXAMPLE_DATA).flatMap((d) => Object.keys(d))),
  'name',
  'endpoints',
  'servers',
  'telemetry',
  'amount',
  'currency',
  'period',
  'critical',
  'high',
  'medium',
  'low',
  'kind',
  'cve',
  'control',
  ...AREAS,
  // Odd ones.
  'odd key',
  '',
  '0',
  '7',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'a\uD800',
  'é',
];
const key = fc.constantFrom(...KEYS);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 6 },
  { arbitrary: fc.oneof(timestampLike, timestampOfInstant), weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  {
    arbitrary: fc.array(fc.oneof(scalar, fc.constantFrom(...ENUM_VALUES)), { maxLength: 4 }),
    weight: 2,
  },
  { arbitrary: fc.dictionary(key, scalar, { maxKeys: 5 }), weight: 2 },
  { arbitrary: notJson, weight: 1 },
);

const OPS = [
  'drop',
  'drop',
  'replace',
  'replace',
  'add',
  'garble',
  'retype',
  'timestamp',
  'prototype',
  'type',
] as const;

interface Mutation {
  readonly op: (typeof OPS)[number];
  /** Which node (or container) of the envelope, modulo their number. */
  readonly at: number;
  readonly key: string;
  readonly value: unknown;
  readonly timestamp: string;
  readonly n: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom(...OPS),
  at: fc.nat(),
  key,
  value,
  timestamp: fc.oneof(timestampLike, timestampOfInstant),
  n: fc.nat(),
});

interface Slot {
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string | number;
}

/** Every property and array item of the envelope, depth first. */
function slotsOf(root: Record<string, unknown>): Slot[] {
  const slots: Slot[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        slots.push({ parent: node, key: i });
        visit(item, depth + 1);
      });
    } else if (plainObject(node)) {
      for (const k of Object.keys(node)) {
        slots.push({ parent: node, key: k });
        visit(node[k], depth + 1);
      }
    }
  };
  visit(root, 0);
  return slots;
}

function garble(text: string, n: number): string {
  switch (n % 7) {
    case 0:
      return text.slice(0, Math.max(0, text.length - 1 - (n % 3)));
    case 1:
      return `${text}${' x/:.Z9'[n % 7]}`;
    case 2:
      return text.toUpperCase();
    case 3:
      return ` ${text}`;
    case 4: {
      const i = n % Math.max(1, text.length);
      return `${text.slice(0, i)}${'-_.:9aZ \uD800'[n % 9]}${text.slice(i + 1)}`;
    }
    case 5:
      return text.repeat(1 + (n % 40));
    default:
      return text.toLowerCase();
  }
}

function retype(value: unknown, n: number): unknown {
  if (typeof value === 'string') return n % 2 === 0 ? value.length : [value];
  if (typeof value === 'number') return n % 2 === 0 ? String(value) : value + 0.5;
  if (typeof value === 'boolean') return n % 2 === 0 ? String(value) : Number(value);
  if (Array.isArray(value)) return n % 2 === 0 ? { ...value } : value[0];
  if (plainObject(value)) return n % 2 === 0 ? Object.values(value) : Object.keys(value)[0];
  return n % 2 === 0 ? {} : 'null';
}

function mutate(envelope: Record<string, unknown>, m: Mutation): void {
  if (m.op === 'type') {
    const types = [...EVENT_TYPES, 'alert_raised', 'Nope', 7];
    put(envelope, 'type', types[m.n % types.length]);
    return;
  }
  if (m.op === 'add') {
    const containers: (Record<string, unknown> | unknown[])[] = [envelope];
    for (const slot of slotsOf(envelope)) {
      const node = (slot.parent as Record<string | number, unknown>)[slot.key];
      if (Array.isArray(node) || plainObject(node)) containers.push(node);
    }
    const container = containers[m.at % containers.length] as Record<string, unknown> | unknown[];
    if (Array.isArray(container)) container.push(m.value);
    else put(container, m.key, m.value);
    return;
  }
  const slots = slotsOf(envelope);
  if (slots.length === 0) return;
  const { parent, key: k } = slots[m.at % slots.length] as Slot;
  const current = (parent as Record<string | number, unknown>)[k];
  switch (m.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(k as number, 1);
      else delete parent[k as string];
      return;
    case 'replace':
      return put(parent, k, m.value);
    case 'garble':
      if (typeof current === 'string') return put(parent, k, garble(current, m.n));
      if (typeof current === 'number') return put(parent, k, [-current, current * 1e6, 0][m.n % 3]);
      return put(parent, k, retype(current, m.n));
    case 'retype':
      return put(parent, k, retype(current, m.n));
    case 'timestamp':
      return put(parent, k, m.timestamp);
    case 'prototype': {
      if (!plainObject(current)) return put(parent, k, m.value);
      // Without a prototype, or an instance of a DTO class (the right one or not), or of another.
      const classes = NESTED_CLASSES.get(k) ?? ANY_CLASS;
      const choice = m.n % (classes.length + 1);
      const proto = choice === classes.length ? null : (classes[choice]?.prototype as object);
      return put(parent, k, withPrototype(current, proto));
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('the compiled validator', () => {
  describe.each(EVENT_TYPES)('on a valid %s', (type) => {
    it('accepts it as class-validator does, and each field left out or broken alike', () => {
      expect(same(example(type)).ok).toBe(true);
      const count = slotsOf(example(type)).length;
      for (let i = 0; i < count; i++) {
        const without = example(type);
        const slot = slotsOf(without)[i] as Slot;
        if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
        else delete slot.parent[slot.key as string];
        same(without);
        for (const broken of [null, 'x', -1, [], {}, true]) {
          const copy = example(type);
          put((slotsOf(copy)[i] as Slot).parent, (slotsOf(copy)[i] as Slot).key, broken);
          same(copy);
        }
      }
    });
  });

  it('agrees with class-validator on thousands of broken envelopes', () => {
    let ok = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES),
        fc.oneof(
          { arbitrary: fc.constant([]), weight: 1 },
          { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 6 }), weight: 6 },
        ),
        (type, mutations) => {
          const envelope = example(type);
          for (const m of mutations) mutate(envelope, m);
          if (same(envelope).ok) ok++;
          else refused++;
        },
      ),
      { numRuns: 10_000 },
    );
    // Both kinds, in numbers.
    expect(ok).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(5000);
  });

  it('agrees with class-validator on arbitrary data of every type', () => {
    const data = fc.dictionary(key, value, { maxKeys: 10 });
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), data, (type, d) => {
        same({ ...EXAMPLE_ENVELOPE, type, data: d });
        same({ ...EXAMPLE_ENVELOPE, type, data: { ...EXAMPLE_DATA[type], ...d } });
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with class-validator on arbitrary input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => void same(input)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 10 }), (input) => void same(input)),
      { numRuns: 2000 },
    );
  });

  describe('on objects JSON.parse never makes', () => {
    const contracted = (): Record<string, unknown> => example('EngagementContracted');
    const data = (envelope: Record<string, unknown>): Record<string, unknown> =>
      envelope.data as Record<string, unknown>;
    const sla = (envelope: Record<string, unknown>): Record<string, unknown> =>
      data(envelope).sla as Record<string, unknown>;
    const cases: [string, () => unknown][] = [
      ['an envelope without a prototype', () => withPrototype(contracted(), null)],
      [
        'data without a prototype',
        () => {
          const e = contracted();
          e.data = withPrototype(data(e), null);
          return e;
        },
      ],
      [
        'a nested object without a prototype, broken',
        () => {
          const e = contracted();
          data(e).sla = withPrototype({ ...sla(e), gapReportDays: 0 }, null);
          return e;
        },
      ],
      [
        'a nested DTO instance',
        () => {
          const e = contracted();
          data(e).fee = withPrototype(
            { amount: -1, currency: 'USD', period: 'x' },
            FeeDto.prototype,
          );
          return e;
        },
      ],
      [
        'a nested DTO instance holding plain objects',
        () => {
          const e = contracted();
          data(e).sla = withPrototype(sla(e), SlaDto.prototype);
          return e;
        },
      ],
      [
        'a nested DTO instance holding an object without a prototype',
        () => {
          const e = contracted();
          const s = sla(e);
          s.acknowledgeMinutes = withPrototype(
            s.acknowledgeMinutes as Record<string, unknown>,
            null,
          );
          data(e).sla = withPrototype(s, SlaDto.prototype);
          return e;
        },
      ],
      [
        'nested DTO instances all the way down',
        () => {
          const e = contracted();
          const s = sla(e);
          s.acknowledgeMinutes = withPrototype(
            { critical: 0, high: 1 },
            SeverityMinutesDto.prototype,
          );
          data(e).sla = withPrototype(s, SlaDto.prototype);
          return e;
        },
      ],
      [
        'an instance of a subclass of the right DTO class',
        () => {
          const e = contracted();
          data(e).fee = withPrototype({ amount: -1, currency: 'USD' }, FeeSubclass.prototype);
          return e;
        },
      ],
      [
        'an instance of the wrong DTO class',
        () => {
          const e = contracted();
          data(e).fee = withPrototype({ amount: 1 }, ScopeDto.prototype);
          return e;
        },
      ],
      [
        'an instance of no DTO class',
        () => {
          const e = contracted();
          data(e).scope = new NotADto();
          return e;
        },
      ],
      [
        'a DTO instance whose constructor is not a DTO class',
        () => {
          const e = contracted();
          data(e).fee = withPrototype(
            { amount: 1, currency: 'USD', period: 'year', constructor: Object },
            FeeDto.prototype,
          );
          return e;
        },
      ],
      [
        'a Map, a Set, a Date where objects belong',
        () => {
          const e = contracted();
          Object.assign(data(e), { client: new Map(), scope: new Set([{}]), sla: new Date(0) });
          return e;
        },
      ],
    ];
    it.each(cases)('%s: as class-validator', (_name, input) => {
      same(input());
    });
  });

  it('does not exhaust the stack on deep arrays where a nested object belongs, as class-validator did', () => {
    const sla = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const input = {
      ...example('EngagementContracted'),
      data: { ...EXAMPLE_DATA.EngagementContracted, sla },
    };
    expect(() => validateEnvelopeWithClassValidator(input)).toThrow(RangeError);
    expect(validateEnvelope(input)).toEqual({
      ok: false,
      errors: [
        { path: 'data.sla', reason: 'must be an object' },
        {
          path: `data.sla${'[0]'.repeat(63)}`,
          reason: 'is nested too deeply (more than 64 levels)',
        },
      ],
    });
  });

  it('reports any rule result as class-validator does, an empty list of problems included', () => {
    const odd: Rule = {
      name: 'onusOdd',
      test: (v) => (v === 1 ? [] : v === 2 ? [{ at: '[0]', reason: 'r' }] : undefined),
    };
    class Odd {
      @Field(odd) a!: unknown;
      @Field(odd, 'optional') b?: unknown;
      @Nested(() => FeeDto, 'optional') fee?: FeeDto;
    }
    for (const input of [
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      {},
      { a: 3, fee: { amount: 'x' } },
      { fee: [] },
    ]) {
      const fast: FieldError[] = [];
      const reference: FieldError[] = [];
      validateDto(Odd, 'data', input, fast);
      validateWithClassValidator(Odd, 'data', input, reference);
      expect(fast).toStrictEqual(reference);
    }
  });

  it('refuses, once compiled, a class with class-validator rules it would not apply', () => {
    class Extra {
      @Field(text) name!: string;
      @IsOptional() note?: string;
    }
    expect(() => validateDto(Extra as DtoClass, '', { name: 'x' }, [])).toThrow(
      /class-validator holds rules that @Field\/@Nested did not declare/,
    );
    class Inherited extends AlertRefDataDto {
      @Field(text) note!: string;
    }
    expect(() => validateDto(Inherited, '', { note: 'x' }, [])).toThrow(
      /class-validator holds rules/,
    );
    class Bare extends AlertRefDataDto {}
    expect(() => validateDto(Bare, '', {}, [])).toThrow(/has no @Field or @Nested properties/);
  });

  it('refuses two rules on one property', () => {
    expect(() => {
      class Twice {
        @Field(text) @Field(text) name!: string;
      }
      return Twice;
    }).toThrow(/one @Field or @Nested per property/);
  });
});

describe('parseTimestamp', () => {
  const same = (value: unknown): void => {
    expect(parseTimestamp(value)).toStrictEqual(parseTimestampWithRegExp(value));
  };

  it('parses as the regular expression it replaced', () => {
    fc.assert(fc.property(timestampLike, same), { numRuns: 10_000 });
    fc.assert(fc.property(timestampOfInstant, same), { numRuns: 10_000 });
    fc.assert(
      fc.property(timestampOfInstant, fc.nat(), (t, n) => same(garble(t, n))),
      { numRuns: 10_000 },
    );
    fc.assert(fc.property(fc.string(), same), { numRuns: 5000 });
    fc.assert(fc.property(fc.anything(), same), { numRuns: 1000 });
  });

  it('formats as Date does, every month or so of 0000..9999', () => {
    const different: string[] = [];
    const start = new Date(0);
    start.setUTCFullYear(0, 0, 1);
    // Each step a little over 59 days, so that every day of the month and time of day come round.
    for (let utc = start.getTime(); utc < Date.UTC(10000, 0, 1); utc += 59 * 86_400_000 + 7_777) {
      const iso = new Date(utc).toISOString();
      for (const local of [`${iso.slice(0, 23)}+00:01`, `${iso.slice(0, 19)}-2359`]) {
        const a = parseTimestamp(local);
        const b = parseTimestampWithRegExp(local);
        if (a.ok !== b.ok || (a.ok ? a.iso : a.reason) !== (b.ok ? b.iso : b.reason)) {
          different.push(local);
        }
      }
    }
    expect(different).toEqual([]);
  });

  it('refuses, as before, instants at the edges of 0000..9999', () => {
    for (const value of [
      '0000-01-01T00:00:00Z',
      '0000-01-01T00:00:00+00:01',
      '0000-01-01T00:00:00-00:01',
      '9999-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59.999-00:01',
      '9999-12-31T23:59:59.999+00:01',
      '2024-02-29T00:00Z',
      '2023-02-29T00:00Z',
      '1900-02-29T00:00Z',
      '2000-02-29T00:00Z',
    ]) {
      same(value);
    }
  });
});
