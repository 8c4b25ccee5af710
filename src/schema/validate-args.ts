import { getMetadataStorage, validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';
import { malformedTextErrors } from '../core/well-formed-text';

const options: ValidatorOptions = {
  forbidUnknownValues: false,
  skipMissingProperties: true,
  validationError: { target: true, value: false },
};

const hasRules = new Map<unknown, boolean>();

/** Whether an argument class carries class-validator rules (mutation inputs do, page args do not). */
export function needsValidation(type: unknown): boolean {
  let known = hasRules.get(type);
  if (known === undefined) {
    known =
      typeof type === 'function' &&
      getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;
    hasRules.set(type, known);
  }
  return known;
}

/**
 * type-graphql's own validation, minus its cost where there is nothing to check: by default it
 * loads class-validator and walks every object argument of every field call, page arguments of
 * nested connections included (hundreds per query). Inputs with rules are validated exactly as
 * before (same options, same ArgumentValidationError).
 */
export const validateArgs: ValidatorFn = async (value, type) => {
  if (value === null || typeof value !== 'object') return;
  const items = (Array.isArray(value) ? value : [value]).filter(
    (item): item is object => item !== null && typeof item === 'object',
  );
  // Every input object, with rules or without: the text of a new field is checked unlisted.
  const malformed = items.flatMap((item) => malformedTextErrors(item));
  if (malformed.length) throw new ArgumentValidationError(malformed);
  if (!needsValidation(type)) return;
  try {
    await Promise.all(items.map((item) => validateOrReject(item, options)));
  } catch (errors) {
    // A validator that throws (rather than reporting) is a fault of ours, not the client's:
    // let it be masked and logged as internal instead of passing for bad input.
    if (!Array.isArray(errors)) throw errors;
    throw new ArgumentValidationError(errors as never);
  }
};
