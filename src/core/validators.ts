import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

function rule(
  name: string,
  validate: (value: unknown) => boolean,
  message: (args: ValidationArguments) => string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate, defaultMessage: message },
    });
}

/**
 * Free text: not blank, at most `max` characters, no control characters (line breaks only when
 * `multiline`).
 */
export function IsText(
  max: number,
  { multiline = false }: { multiline?: boolean } = {},
  options?: ValidationOptions,
): PropertyDecorator {
  const allowed = multiline ? new Set(['\n', '\r']) : new Set<string>();
  const hasControl = (text: string) =>
    [...text].some((c) => (c < ' ' || c === '\u007f') && !allowed.has(c));
  return rule(
    'isText',
    (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= max && !hasControl(v),
    (args) =>
      `${args.property} must be 1 to ${max} characters of text${multiline ? '' : ' on one line'}`,
    options,
  );
}

/**
 * A phone number in international format: `+`, then 7 to 15 digits (E.164), which may be
 * grouped with spaces, dots, hyphens or parentheses, e.g. `+49 89 555 0100`.
 */
export function IsInternationalPhone(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isInternationalPhone',
    (v) => {
      if (typeof v !== 'string' || v.length > 40 || !/^\+[0-9 .()-]+$/.test(v)) return false;
      const digits = v.replace(/[^0-9]/g, '');
      return digits.length >= 7 && digits.length <= 15 && digits[0] !== '0';
    },
    (args) =>
      `${args.property} must be a phone number in international format, e.g. +49 89 555 0100 (+ and 7 to 15 digits)`,
    options,
  );
}
