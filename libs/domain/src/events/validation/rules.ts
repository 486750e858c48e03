import 'reflect-metadata';
import { Type } from 'class-transformer';
import { type ValidationArguments, ValidateBy, ValidateNested } from 'class-validator';
import { parseTimestamp } from './timestamp';

/**
 * The building blocks of the DTO classes: a rule is one named test that says what is wrong with a
 * value in plain words (or nothing when it is fine), and `@Field` / `@Nested` register it with
 * class-validator. One rule per property keeps messages precise ("is required", "must be at
 * least 0") and the validation cheap. A rule may also report problems below its property (an
 * array item, a map key) as a list, so that errors carry exact paths such as
 * `data.alertIds[2]`.
 */

/** One thing wrong, `at` a suffix of the property's path (`''`, `[2]`, `.alert_monitoring`). */
export interface Problem {
  readonly at: string;
  readonly reason: string;
}

export type RuleResult = string | readonly Problem[] | undefined;
/**
 * `object` is the object holding the property, for rules that compare it with a sibling (read the
 * sibling as a raw value: under class-validator it comes from the DTO instance, under the compiled
 * validator from the input object, and the two agree on every property a DTO validates, not on
 * nested objects). Rules must be pure: each is run once per value by the compiled validator, up to
 * three times by class-validator.
 */
export type RuleTest = (value: unknown, object: Readonly<Record<string, unknown>>) => RuleResult;

export interface Rule {
  /** The class-validator constraint name, e.g. `onusTimestamp`. */
  readonly name: string;
  readonly test: RuleTest;
  /** Values are timestamps, normalised in the output. */
  readonly timestamp?: boolean;
}

/** What class-validator keeps in `ValidationError.contexts[name]`: lets callers re-run a rule. */
export interface RuleContext {
  readonly test: RuleTest;
}

export type Presence = 'required' | 'optional';

export type DtoClass = abstract new () => object;

/** One validated property of a DTO class, as `@Field` (and `@Nested`) declared it. */
export interface FieldPlan {
  readonly key: string;
  /** The class-validator constraint name of its rule. */
  readonly name: string;
  /** The rule with its presence (`is required`) folded in: what class-validator runs. */
  readonly test: RuleTest;
  /** Set by `@Nested`: the DTO class of the object it holds. */
  nested?: () => DtoClass;
}

/**
 * What `toDto` and the compiled validator need of a class: its validated properties in
 * declaration order (the order class-validator reports them in), and which hold timestamps.
 */
interface ClassPlan {
  readonly fields: FieldPlan[];
  readonly timeFields: string[];
}

const plans = new Map<unknown, ClassPlan>();

function planOf(cls: unknown): ClassPlan {
  let plan = plans.get(cls);
  if (plan === undefined) {
    plan = { fields: [], timeFields: [] };
    plans.set(cls, plan);
  }
  return plan;
}

/**
 * The validated properties of a class declared with `@Field` / `@Nested`, in declaration order;
 * `undefined` for anything else (any value may be asked about).
 */
export function fieldsOf(cls: unknown): readonly FieldPlan[] | undefined {
  return plans.get(cls)?.fields;
}

/** The properties of a DTO class that hold timestamps. */
export function timeFieldsOf(cls: DtoClass): readonly string[] {
  return planOf(cls).timeFields;
}

export function problemsOf(result: RuleResult): readonly Problem[] {
  if (result === undefined) return [];
  return typeof result === 'string' ? [{ at: '', reason: result }] : result;
}

function messageOf(result: RuleResult): string {
  return problemsOf(result)
    .map((p) => (p.at === '' ? p.reason : `${p.at.replace(/^\./, '')} ${p.reason}`))
    .join('; ');
}

/** A validated property: `'required'` reports `is required` when absent; `null` is not absent. */
export function Field(rule: Rule, presence: Presence = 'required'): PropertyDecorator {
  const test: RuleTest =
    presence === 'required'
      ? (value, object) => (value === undefined ? 'is required' : rule.test(value, object))
      : (value, object) => (value === undefined ? undefined : rule.test(value, object));
  const context: RuleContext = { test };
  const decorate = ValidateBy(
    {
      name: rule.name,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          test(value, (args?.object ?? {}) as Record<string, unknown>) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          messageOf(test(args?.value, (args?.object ?? {}) as Record<string, unknown>)),
      },
    },
    { context },
  );
  return (target, key) => {
    const plan = planOf(target.constructor);
    if (typeof key === 'string') {
      // One rule per property: the compiled validator (and the error messages) rely on it.
      if (plan.fields.some((f) => f.key === key)) {
        throw new Error(`${target.constructor.name}.${key}: one @Field or @Nested per property`);
      }
      plan.fields.push({ key, name: rule.name, test });
      if (rule.timestamp === true) plan.timeFields.push(key);
    }
    decorate(target, key);
  };
}

/** A nested object validated by its own DTO class (`@ValidateNested` + `@Type`). */
export function Nested(cls: () => DtoClass, presence: Presence = 'required'): PropertyDecorator {
  // An instance of the class once `toDto` (or class-transformer) has turned the input into one.
  const asObject = Field(
    rule('Object', (v) =>
      isPlainObject(v) || v instanceof cls() ? undefined : 'must be an object',
    ),
    presence,
  );
  const nested = ValidateNested();
  const type = Type(cls as () => new () => object);
  return (target, key) => {
    asObject(target, key);
    const field = planOf(target.constructor).fields.find((f) => f.key === key);
    if (field !== undefined) field.nested = cls;
    nested(target, key);
    type(target, key);
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/**
 * An instance of a DTO class for class-validator, cheaply: only the validated properties are
 * copied (a reference, not a copy, for everything else such as `raw`), nested plain objects
 * become instances of their DTO class. No constructor runs, and keys such as `__proto__` or
 * `constructor` in the input cannot reach the instance's prototype.
 */
export function toDto<T extends object>(cls: abstract new () => T, plain: object): T {
  const instance = Object.create(cls.prototype as object) as Record<string, unknown>;
  const source = plain as Record<string, unknown>;
  for (const { key, nested } of planOf(cls).fields) {
    if (!hasOwn(source, key)) continue;
    const value = source[key];
    instance[key] = nested !== undefined && isPlainObject(value) ? toDto(nested(), value) : value;
  }
  return instance as T;
}

// ---------------------------------------------------------------------------------------------
// Rules.

function rule(name: string, test: RuleTest, timestamp = false): Rule {
  return { name: `onus${name}`, test, timestamp };
}

export const plainObject = rule('Object', (v) =>
  isPlainObject(v) ? undefined : 'must be an object',
);

export const anyString = rule('String', (v) =>
  typeof v === 'string' ? undefined : 'must be a string',
);

const NON_EMPTY_REASON = 'must be a non-empty string';
const isText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** Free text that must say something: a non-blank string. */
export const text = rule('Text', (v) => (isText(v) ? undefined : NON_EMPTY_REASON));

export function boundedText(max: number): Rule {
  const reason = `must be a non-empty string of at most ${max} characters`;
  return rule('BoundedText', (v) =>
    isText(v) && (v as string).length <= max ? undefined : reason,
  );
}

export function pattern(name: string, re: RegExp, reason: string): Rule {
  return rule(name, (v) => (typeof v === 'string' && re.test(v) ? undefined : reason));
}

const DATA_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DATA_ID_REASON = 'must be an id of 1 to 128 characters among A-Z a-z 0-9 . _ : -';

/** Ids inside `data` (`alertId`, `testId`, …). */
export const dataId = pattern('Id', DATA_ID, DATA_ID_REASON);

function listOf(name: string, item: (v: unknown) => string | undefined, what: string): Rule {
  return rule(name, (v) => {
    if (!Array.isArray(v)) return `must be an array of ${what}`;
    let problems: Problem[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const reason = item(v[i]);
      if (reason !== undefined) (problems ??= []).push({ at: `[${i}]`, reason });
    }
    return problems;
  });
}

export const idList = listOf(
  'IdList',
  (v) => (typeof v === 'string' && DATA_ID.test(v) ? undefined : DATA_ID_REASON),
  'ids',
);

export const textList = listOf(
  'TextList',
  (v) => (isText(v) ? undefined : NON_EMPTY_REASON),
  'non-empty strings',
);

function oneOfReason(values: readonly string[]): string {
  return `must be one of ${values.join(', ')}`;
}

export function oneOf(values: readonly string[]): Rule {
  const reason = oneOfReason(values);
  return rule('OneOf', (v) => (typeof v === 'string' && values.includes(v) ? undefined : reason));
}

export function oneOfList(values: readonly string[]): Rule {
  const reason = oneOfReason(values);
  return listOf(
    'OneOfList',
    (v) => (typeof v === 'string' && values.includes(v) ? undefined : reason),
    values.join(' / '),
  );
}

/** An object whose keys come from `keys` and whose values from `values`. */
export function keyedBy(keys: readonly string[], values: readonly string[], what: string): Rule {
  const keyReason = `is not ${what}: one of ${keys.join(', ')}`;
  const valueReason = oneOfReason(values);
  return rule('Keyed', (v) => {
    if (!isPlainObject(v)) return 'must be an object';
    let problems: Problem[] | undefined;
    for (const key of Object.keys(v)) {
      const value = v[key];
      const reason = !keys.includes(key)
        ? keyReason
        : typeof value !== 'string' || !values.includes(value)
          ? valueReason
          : undefined;
      if (reason !== undefined) (problems ??= []).push({ at: pathSegment(key), reason });
    }
    return problems;
  });
}

/**
 * An object whose keys come from `keys` and whose values are objects of any keys to one of
 * `values` (a table per key): problems at `.key` or `.key.entry`.
 */
export function tablesKeyedBy(
  keys: readonly string[],
  values: readonly string[],
  what: string,
): Rule {
  const keyReason = `is not ${what}: one of ${keys.join(', ')}`;
  const valueReason = oneOfReason(values);
  return rule('Tables', (v) => {
    if (!isPlainObject(v)) return 'must be an object';
    const problems: Problem[] = [];
    for (const key of Object.keys(v)) {
      const table = v[key];
      if (!keys.includes(key)) problems.push({ at: pathSegment(key), reason: keyReason });
      else if (!isPlainObject(table))
        problems.push({ at: pathSegment(key), reason: 'must be an object' });
      else
        for (const entry of Object.keys(table)) {
          const value = table[entry];
          if (typeof value !== 'string' || !values.includes(value))
            problems.push({ at: pathSegment(key) + pathSegment(entry), reason: valueReason });
        }
    }
    return problems.length > 0 ? problems : undefined;
  });
}

export const boolean = rule('Boolean', (v) =>
  typeof v === 'boolean' ? undefined : 'must be true or false',
);

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A count: an integer ≥ 0. */
export const count = rule('Count', (v) => {
  if (!isNumber(v)) return 'must be an integer of at least 0';
  if (!Number.isInteger(v)) return 'must be a whole number';
  return v < 0 ? 'must be at least 0' : undefined;
});

/** A duration or deadline: a finite number > 0 (fractions allowed). */
export const positive = rule('Positive', (v) =>
  isNumber(v) && v > 0 ? undefined : 'must be a number greater than 0',
);

export const nonNegative = rule('NonNegative', (v) => {
  if (!isNumber(v)) return 'must be a number of at least 0';
  return v < 0 ? 'must be at least 0' : undefined;
});

export const ratio = rule('Ratio', (v) =>
  isNumber(v) && v >= 0 && v <= 1 ? undefined : 'must be a number from 0 to 1',
);

export const timestamp = rule(
  'Timestamp',
  (v) => {
    const parsed = parseTimestamp(v);
    return parsed.ok ? undefined : parsed.reason;
  },
  true,
);

/**
 * A timestamp after (`strictly`) or not before another timestamp property of the same object.
 * Compared only when both are valid; the other property reports its own problems.
 */
export function timestampAfter(other: string, strictly: boolean): Rule {
  const reason = strictly ? `must be after data.${other}` : `must not be before data.${other}`;
  return rule(
    strictly ? 'TimestampAfter' : 'TimestampNotBefore',
    (v, object) => {
      const parsed = parseTimestamp(v);
      if (!parsed.ok) return parsed.reason;
      const start = parseTimestamp(object[other]);
      if (!start.ok) return undefined;
      const late = strictly ? parsed.iso > start.iso : parsed.iso >= start.iso;
      return late ? undefined : reason;
    },
    true,
  );
}

/** A property name as a path segment: `.name`, or `["odd key"]` when it is not identifier-like. */
export function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
