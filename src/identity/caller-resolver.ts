import type { Queryable } from '../db/sql';
import { unauthenticated } from '../core/errors';
import { storedCaller, storedCallerByIdentity } from './acting-user';
import { IssuerUnavailableError, type OidcIdentity, type OidcVerifier } from './oidc-verifier';
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
    /** Set when OIDC_ISSUER is configured: tokens of that issuer go there (README). */
    private readonly oidc?: OidcVerifier,
  ) {}

  /** The caller named by an `Authorization` header value; null when there is none. */
  async fromAuthorization(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be `Bearer <token>`.');
    return this.fromToken(match[1]);
  }

  async fromToken(token: string): Promise<Viewer> {
    if (this.oidc?.claims(token)) return this.fromProviderToken(this.oidc, token);
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

  /**
   * A provider's token names a person or an application, never a user of ours: the person is
   * the user linked to (issuer, subject). An unreachable provider is the caller's
   * UNAUTHENTICATED (the verifier logs it and /readyz reports it), not an internal error.
   */
  private async fromProviderToken(oidc: OidcVerifier, token: string): Promise<Viewer> {
    const identity = await this.verifiedByProvider(oidc, token);
    if (identity.kind === 'client')
      throw unauthenticated('This application is not registered as an API client here.');
    return storedCallerByIdentity(this.db, identity.issuer, identity.subject);
  }

  /** The person a provider's token names, for linking it: not yet a caller of ours. */
  async providerPerson(token: string): Promise<{ issuer: string; subject: string }> {
    if (!this.oidc?.claims(token))
      throw unauthenticated('Send an access token of the configured identity provider.');
    const identity = await this.verifiedByProvider(this.oidc, token);
    if (identity.kind !== 'person')
      throw unauthenticated('An application token cannot be linked to a person.');
    return { issuer: identity.issuer, subject: identity.subject };
  }

  private async verifiedByProvider(oidc: OidcVerifier, token: string): Promise<OidcIdentity> {
    try {
      return await oidc.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw unauthenticated(`Invalid token: ${error.message}.`);
      if (error instanceof IssuerUnavailableError)
        throw unauthenticated(`The token cannot be verified now: ${error.message}.`);
      throw error;
    }
  }
}
