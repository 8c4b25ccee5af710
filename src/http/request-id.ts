import { randomUUID } from 'node:crypto';

/** A caller's `x-request-id` is kept when it is sane, so that its logs and ours line up. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._:-]{8,64}$/.test(value) ? value : randomUUID();
}
