import { getMetadataStorage, ValidationTypes } from 'class-validator';
import {
  type DtoClass,
  type FieldPlan,
  fieldsOf,
  isPlainObject,
  type RuleResult,
  toDto,
} from './rules';
import type { FieldError } from './validate-envelope';

/**
 * The DTO classes compiled into plain functions: what `validateSync(toDto(cls, input))` reports,
 * read off its `ValidationError` tree as `testing/class-validator-reference.ts` does, path for
 * path and reason for reason, in the same order, without class-validator's per-call work
 * (metadata look-ups, argument objects, an error object per property, a second and third run of
 * each failing rule for its message and its problems).
 *
 * The rules are the ones `@Field` and `@Nested` registered with class-validator, read from the
 * same registry (`fieldsOf`), so the DTO classes stay their one definition. When a class is
 * first compiled, its class-validator metadata is checked against that registry: a decorator the
 * compiled validator does not know (`@IsOptional`, `@IsString`, inheritance, …) fails loudly
 * instead of being skipped.
 *
 * A class is compiled once per path it is validated at (`data`, `data.sla`,
 * `data.sla.acknowledgeMinutes`, …; DTOs nest without cycles, so there are few), so that every
 * field's path is a constant: a field that passes costs one property read and one rule call, and
 * allocates nothing.
 */

/** What class-validator says of an object it has no metadata for (`forbidUnknownValues`). */
const UNKNOWN_VALUE_REASON = 'an unknown value was passed to the validate function';

interface CompiledField {
  readonly key: string;
  /** The field's path, relative to the envelope. */
  readonly path: string;
  readonly test: FieldPlan['test'];
  readonly nested: FieldPlan['nested'];
  /** The nested class compiled at `path`, once first needed. */
  child: CompiledDto | undefined;
}

class CompiledDto {
  private readonly fields: readonly CompiledField[];

  constructor(
    private readonly cls: DtoClass,
    fields: readonly FieldPlan[],
    prefix: string,
  ) {
    this.fields = fields.map((f) => ({
      key: f.key,
      path: prefix === '' ? f.key : `${prefix}.${f.key}`,
      test: f.test,
      nested: f.nested,
      child: undefined,
    }));
  }

  /** `validateSync(toDto(cls, plain))`, for a plain object (`isPlainObject`). */
  validatePlain(plain: Record<string, unknown>, out: FieldError[]): void {
    // `toDto` copies the validated own properties onto an instance whose prototype chain ends in
    // Object.prototype; an input with that prototype reads the same without the copy. An input
    // without a prototype (never one from JSON.parse) is copied as class-validator would see it.
    const source =
      Object.getPrototypeOf(plain) === Object.prototype
        ? plain
        : (toDto(this.cls, plain) as Record<string, unknown>);
    this.walk(source, out, true);
  }

  /**
   * class-validator's `execute` on `object`: every field's rule; a nested object only when its
   * rule passed (`validateEnvelope` reports a property's own problems, never also its children).
   * `converted`: `object` stands for `toDto`'s instance, whose nested plain objects are DTO
   * instances too; otherwise it is a DTO instance from the input itself, which class-validator
   * walks as it is.
   */
  walk(object: Record<string, unknown>, out: FieldError[], converted: boolean): void {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as CompiledField;
      const value = object[field.key];
      const result = field.test(value, object);
      if (result !== undefined) {
        report(field.path, result, out);
        continue;
      }
      if (field.nested === undefined || value === undefined) continue;
      // The rule passed: a plain object, or an instance of the nested class.
      const child = (field.child ??= compiled(field.nested(), field.path));
      if (converted && isPlainObject(value)) child.validatePlain(value, out);
      else if (value instanceof Object) executeUnconverted(value, field.path, out);
      else {
        // A prototype-less object that no `toDto` turned into an instance: class-validator's
        // `@ValidateNested` refuses what is not `instanceof Object`.
        out.push({
          path: field.path,
          reason: `nested property ${field.key} must be either object or array`,
        });
      }
    }
  }
}

/**
 * class-validator on an object as it is: by the metadata of its constructor (inherited by a
 * subclass that declares none of its own), if it has any.
 */
function executeUnconverted(object: object, path: string, out: FieldError[]): void {
  let cls = (object as { constructor?: unknown }).constructor;
  while (typeof cls === 'function' && fieldsOf(cls) === undefined) {
    cls = Object.getPrototypeOf(cls) as unknown;
  }
  if (typeof cls !== 'function') {
    out.push({ path: `${path}.undefined`, reason: UNKNOWN_VALUE_REASON });
    return;
  }
  compiled(cls as DtoClass, path).walk(object as Record<string, unknown>, out, false);
}

function report(path: string, result: NonNullable<RuleResult>, out: FieldError[]): void {
  if (typeof result === 'string') {
    out.push({ path, reason: result });
    return;
  }
  for (const p of result) out.push({ path: path + p.at, reason: p.reason });
  // A failure without problems: class-validator's message of it, the problems joined, is empty.
  if (result.length === 0) out.push({ path, reason: '' });
}

const cache = new Map<DtoClass, Map<string, CompiledDto>>();

function compiled(cls: DtoClass, prefix: string): CompiledDto {
  let byPrefix = cache.get(cls);
  if (byPrefix === undefined) {
    byPrefix = new Map();
    cache.set(cls, byPrefix);
  }
  let dto = byPrefix.get(prefix);
  if (dto === undefined) {
    const fields = fieldsOf(cls);
    if (fields === undefined) throw new Error(`${cls.name} has no @Field or @Nested properties`);
    if (byPrefix.size === 0) checkAgainstClassValidator(cls, fields);
    dto = new CompiledDto(cls, fields, prefix);
    byPrefix.set(prefix, dto);
  }
  return dto;
}

/**
 * Validates a plain object (`isPlainObject`) against a DTO class, appending what is wrong to
 * `out` with paths under `prefix` (`''` for the envelope, `'data'` for its data).
 */
export function validateDto(
  cls: DtoClass,
  prefix: string,
  plain: Record<string, unknown>,
  out: FieldError[],
): void {
  compiled(cls, prefix).validatePlain(plain, out);
}

/**
 * The compiled validator knows the rules of `@Field` and `@Nested` only: class-validator's
 * metadata of `cls`, inherited included, must be exactly theirs, property by property, in order.
 */
function checkAgainstClassValidator(cls: DtoClass, fields: readonly FieldPlan[]): void {
  const storage = getMetadataStorage();
  const expected: string[] = [];
  for (const f of fields) {
    expected.push(`${f.key} ${ValidationTypes.CUSTOM_VALIDATION} ${f.name}`);
    if (f.nested !== undefined) expected.push(`${f.key} ${ValidationTypes.NESTED_VALIDATION}`);
  }
  const actual = storage.getTargetValidationMetadatas(cls, '', false, false).map((m) =>
    m.type === ValidationTypes.CUSTOM_VALIDATION
      ? `${m.propertyName} ${m.type} ${storage
          .getTargetValidatorConstraints(m.constraintCls)
          .map((c) => c.name ?? '?')
          .join(',')}`
      : `${m.propertyName} ${m.type}`,
  );
  if (actual.join('\n') !== expected.join('\n')) {
    throw new Error(
      `${cls.name}: class-validator holds rules that @Field/@Nested did not declare, which the compiled validator would skip:\n` +
        `declared:\n  ${expected.join('\n  ')}\nclass-validator:\n  ${actual.join('\n  ')}`,
    );
  }
}
