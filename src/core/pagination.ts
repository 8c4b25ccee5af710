import { prefixedBase64url } from './base64url';
import { ArgsType, Field, Int } from 'type-graphql';
import { badUserInput } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Return the first n items (0-${MAX_PAGE_SIZE}). Defaults to ${DEFAULT_PAGE_SIZE} when neither first nor last is given.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Return the last n items (0-${MAX_PAGE_SIZE}).`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string | null;
}

/** A validated page request: items are ordered by their key, and cursors are keys. */
export interface PageRequest {
  limit: number;
  afterKey?: number;
  beforeKey?: number;
  /** `last`: take the items nearest to `before` (or the end), returned in ascending order. */
  backward: boolean;
}

const cursorOf = prefixedBase64url('cursor:');

/** `base64url("cursor:key")`. */
export function encodeCursor(key: number): string {
  return cursorOf(key);
}

function decodeCursor(cursor: string, field: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = /^cursor:([0-9]{1,10})$/.exec(text);
  if (!match || Number(match[1]) > 2_147_483_647) {
    throw badUserInput(field, `${field} is not a cursor returned by this API`);
  }
  return Number(match[1]);
}

function checkSize(value: number | null | undefined, field: string): number | undefined {
  if (value == null) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badUserInput(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return value;
}

export function toPageRequest(args: PageArgs): PageRequest {
  const first = checkSize(args.first, 'first');
  const last = checkSize(args.last, 'last');
  if (first !== undefined && last !== undefined) {
    throw badUserInput('last', 'pass either first or last, not both');
  }
  return {
    limit: first ?? last ?? DEFAULT_PAGE_SIZE,
    afterKey: args.after != null ? decodeCursor(args.after, 'after') : undefined,
    beforeKey: args.before != null ? decodeCursor(args.before, 'before') : undefined,
    backward: last !== undefined,
  };
}

export function pageRequestKey(req: PageRequest): string {
  return `${req.limit}:${req.afterKey ?? ''}:${req.beforeKey ?? ''}:${req.backward ? 'b' : 'f'}`;
}
