import type { Queryable } from '../db/sql';
import { unauthenticated } from '../core/errors';
import { storedCaller } from './acting-user';
import { InvalidTokenError, type CallerClaims, type TokenService } from './tokens';
import type { Viewer } from '../core/viewer';

/**
 * The one way a request's caller is established, for every transport (HTTP requests today,
 * WebSocket connections next): the token's signature and claims are verified (tokens.ts), then
 * the caller is read as stored (storedCaller: user, organization, status, roles). Every
 * refusal is UNAUTHENTICATED. There is deliberately no cache of callers: the lookup is one
 * primary-key statement, and a cache would have to be evicted on every process before a
 * disabling commits to keep R-30's "at once" (docs/hardening.md, "Callers and revocation").
 */
export class CallerResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly db: Queryable,
  ) {}

  /** The caller named by an `Authorization` header value; null when there is none. */
  async fromAuthorization(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be `Bearer <token>`.');
    return this.fromToken(match[1]);
  }

  async fromToken(token: string): Promise<Viewer> {
    let claims: CallerClaims;
    try {
      claims = await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw unauthenticated(`Invalid token: ${error.message}.`);
      throw error;
    }
    return storedCaller(this.db, claims);
  }
}
