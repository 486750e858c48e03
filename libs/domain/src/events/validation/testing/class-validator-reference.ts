import { type ValidationError, validateSync, type ValidatorOptions } from 'class-validator';
import { problemsOf, type RuleContext, toDto } from '../rules';
import {
  type DtoValidator,
  type FieldError,
  validateEnvelopeWith,
  type ValidationResult,
} from '../validate-envelope';

/**
 * `validateEnvelope` with the DTO classes checked by class-validator's `validateSync`, as it was
 * before they were compiled: the reference the tests hold the compiled validator to. Not for
 * production use (about five times slower); kept out of the build with the rest of `testing/`.
 */
export function validateEnvelopeWithClassValidator(input: unknown): ValidationResult {
  return validateEnvelopeWith(validateWithClassValidator, input);
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  forbidUnknownValues: true,
  validationError: { target: true, value: true },
};

export const validateWithClassValidator: DtoValidator = (cls, prefix, plain, out) => {
  collect(validateSync(toDto(cls, plain), VALIDATOR_OPTIONS), prefix, out);
};

/**
 * class-validator's error tree as paths. A property whose own rule failed reports that rule's
 * problems only (not, say, the nested errors of an array where an object belongs).
 */
function collect(errors: readonly ValidationError[], prefix: string, out: FieldError[]): void {
  for (const error of errors) {
    const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.length > 0) {
      let reported = false;
      for (const name of names) {
        const context = error.contexts?.[name] as RuleContext | undefined;
        if (context === undefined) continue;
        const object = (error.target ?? {}) as Record<string, unknown>;
        for (const p of problemsOf(context.test(error.value, object))) {
          out.push({ path: path + p.at, reason: p.reason });
          reported = true;
        }
      }
      if (!reported) {
        const reason = constraints[names[0] as string] ?? 'is not valid';
        out.push({ path, reason });
      }
      continue;
    }
    if (error.children !== undefined && error.children.length > 0) {
      collect(error.children, path, out);
    }
  }
}
