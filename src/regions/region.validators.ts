import { registerDecorator, type ValidationOptions } from 'class-validator';
import { regionCatalog } from './region-catalog';

/**
 * an ISO 3166-1 alpha-2 code of a country of the CSP program, i.e. one that belongs to
 * a CSP region in the shipped region data. Anything else is BAD_USER_INPUT naming the field.
 */
export function IsCspCountryCode(options?: ValidationOptions): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name: 'isCspCountryCode',
      target: object.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value) =>
          typeof value === 'string' &&
          /^[A-Z]{2}$/.test(value) &&
          regionCatalog.regionOfCountry(value) !== undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'countryCode'} must be the ISO 3166-1 alpha-2 code of a country of the CSP program, e.g. DE (see \`countries\`)`,
      },
    });
}

/** A CSP region code of the shipped region data (e.g. `EUROPE`); use `each` for lists. */
export function IsCspRegionCode(options?: ValidationOptions): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name: 'isCspRegionCode',
      target: object.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value) => typeof value === 'string' && regionCatalog.region(value) !== undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'regionCode'} must hold CSP region codes, e.g. EUROPE (see \`cspRegions\`)`,
      },
    });
}
