import { ValidationError } from 'class-validator';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Strings with lone UTF-16 surrogates are not Unicode text: JSON lets a client send them
 * ("\ud83d"), but some validators throw on them (validator's isEmail calls encodeURI, which
 * raises URIError) and the databases would store a replacement character instead. They are
 * refused as bad input naming the field, before any other rule runs.
 */
export function malformedTextErrors(value: object): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [property, child] of Object.entries(value)) {
    const error = Object.assign(new ValidationError(), { target: value, property });
    error.children = [];
    if (typeof child === 'string') {
      if (!LONE_SURROGATE.test(child)) continue;
      error.constraints = { isWellFormed: `${property} must be valid Unicode text` };
    } else if (child !== null && typeof child === 'object') {
      error.children = malformedTextErrors(child as object);
      if (error.children.length === 0) continue;
    } else continue;
    errors.push(error);
  }
  return errors;
}
