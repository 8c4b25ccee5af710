import { badUserInput } from './errors';
import { isWellFormedText } from './well-formed-text';

/**
 * A free-text filter: text on one line (the definition of every input, well-formed-text.ts),
 * trimmed, at most 100 characters; empty means no filter.
 */
export function searchText(value: string | null | undefined, field = 'search'): string | undefined {
  if (value == null) return undefined;
  if (!isWellFormedText(value)) {
    throw badUserInput(field, `${field} must be text on one line, without control characters`);
  }
  const text = value.trim();
  if (text.length > 100) throw badUserInput(field, `${field} must be at most 100 characters`);
  return text.length > 0 ? text : undefined;
}

/** ISO country code filter: two uppercase letters. */
export function countryCodeFilter(
  value: string | null | undefined,
  field: string,
): string | undefined {
  if (value == null) return undefined;
  if (!/^[A-Z]{2}$/.test(value))
    throw badUserInput(field, `${field} must be an ISO 3166-1 alpha-2 code such as DE`);
  return value;
}
