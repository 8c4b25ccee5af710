import { ValidationError } from 'class-validator';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: NUL cuts
 * strings short in C code (SQLite's LIKE), BEL and escapes reach terminals and logs, and a
 * line break in a name splits an email header or a CSV row. Line breaks (`\n`, `\r`) are
 * allowed only in the fields registered as multi-line.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const NOT_ON_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const NOT_MULTI_LINE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/** Input classes and their properties that hold several lines of text (messages, notes). */
const multiLineFields = new WeakMap<object, Set<string>>();

/** Registers a property of an input class as multi-line text (see `NOT_ON_ONE_LINE`). */
export function registerMultiLine(target: object, property: string): void {
  let set = multiLineFields.get(target);
  if (!set) multiLineFields.set(target, (set = new Set()));
  set.add(property);
}

/** Whether this property of an input object accepts line breaks. */
export function isMultiLine(value: object, property: string): boolean {
  for (let p = Object.getPrototypeOf(value); p && p !== Object.prototype;) {
    if (multiLineFields.get(p)?.has(property)) return true;
    p = Object.getPrototypeOf(p);
  }
  return false;
}

/**
 * The one definition of text for every string of every input: Unicode text (no lone
 * surrogate) on one line (no control character), or several lines where the field says so.
 */
export function isWellFormedText(text: string, multiline = false): boolean {
  return !LONE_SURROGATE.test(text) && !(multiline ? NOT_MULTI_LINE : NOT_ON_ONE_LINE).test(text);
}

function textError(text: string, property: string, multiline: boolean): string | undefined {
  // Lone surrogates first: some validators throw on them (validator's isEmail calls encodeURI,
  // which raises URIError) and the databases would store a replacement character instead.
  if (LONE_SURROGATE.test(text)) return `${property} must be valid Unicode text`;
  if ((multiline ? NOT_MULTI_LINE : NOT_ON_ONE_LINE).test(text)) {
    return multiline
      ? `${property} must be text without control characters`
      : `${property} must be text on one line, without control characters or line breaks`;
  }
  return undefined;
}

/**
 * Every string of an input object (nested inputs and lists included) is checked before any
 * other rule runs, whether or not its class declares validators, so that a new input field is
 * held to the same definition of text without anyone listing it. Refused as bad input naming
 * the field.
 */
export function malformedTextErrors(value: object): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [property, child] of Object.entries(value)) {
    const error = Object.assign(new ValidationError(), { target: value, property });
    error.children = [];
    if (typeof child === 'string') {
      const message = textError(child, property, isMultiLine(value, property));
      if (!message) continue;
      error.constraints = { isWellFormed: message };
    } else if (child !== null && typeof child === 'object') {
      error.children = malformedTextErrors(child as object);
      if (error.children.length === 0) continue;
    } else continue;
    errors.push(error);
  }
  return errors;
}
