import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { isWellFormedText, registerMultiLine } from './well-formed-text';

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
 * Marks a free-text field as several lines (a message, a note): line breaks are allowed there
 * and nowhere else (well-formed-text.ts holds the one definition of text for every input).
 */
export function MultiLineText(): PropertyDecorator {
  return (object, propertyName) => registerMultiLine(object, propertyName as string);
}

/**
 * Free text: not blank, at most `max` characters, on one line unless `multiline` (the one
 * definition of well-formed-text.ts).
 */
export function IsText(
  max: number,
  { multiline = false }: { multiline?: boolean } = {},
  options?: ValidationOptions,
): PropertyDecorator {
  const validator = rule(
    'isText',
    (v) =>
      typeof v === 'string' &&
      v.trim().length > 0 &&
      v.length <= max &&
      isWellFormedText(v, multiline),
    (args) =>
      `${args.property} must be 1 to ${max} characters of text${multiline ? '' : ' on one line'}`,
    options,
  );
  return (object, propertyName) => {
    if (multiline) registerMultiLine(object, propertyName as string);
    validator(object, propertyName);
  };
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
