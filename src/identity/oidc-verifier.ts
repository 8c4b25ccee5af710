import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { OidcConfig } from '../config/config';
import type { Logger } from '../core/logger';
import { InvalidTokenError } from './tokens';

/** Asymmetric algorithms only: an HS256 token can never be one of the provider's. */
const ALGORITHMS = ['RS256', 'ES256', 'PS256', 'RS384', 'ES384', 'RS512', 'EdDSA'];

/** After a failed discovery, requests fail fast for this long instead of each waiting on it. */
const DISCOVERY_RETRY_MS = 1000;

/** Keys are fetched again at least this often even when no unknown `kid` asks for it. */
const JWKS_MAX_AGE_MS = 10 * 60 * 1000;

interface KeyCache {
  kids: Set<string>;
  keys: JWTVerifyGetKey;
  fetchedAt: number;
}

/** The provider could not be asked for its keys: the caller is refused, the operator told. */
export class IssuerUnavailableError extends Error {}

/** Who an OpenID Connect token names; the caller resolver maps it to a stored caller. */
export type OidcIdentity =
  | { kind: 'person'; issuer: string; subject: string }
  | { kind: 'client'; issuer: string; clientId: string };

interface ProviderClaims extends JWTPayload {
  client_id?: unknown;
  azp?: unknown;
  appid?: unknown;
  idtyp?: unknown;
}

/**
 * Verifies access tokens of a standard OpenID Connect provider (Entra ID, Okta, Auth0,
 * Keycloak): the JWKS address comes from the issuer's discovery document, keys are cached and
 * fetched again when a token names an unknown `kid`, at most once per cooldown (jose's remote
 * key set). The token carries no claim of this server: it names a person (`sub`) or, for a
 * client-credentials token, an application (its client id).
 */
export class OidcVerifier {
  private jwksUri?: Promise<string>;
  private failedAt = 0;
  private cache?: KeyCache;
  private refreshing?: Promise<KeyCache>;

  constructor(
    private readonly config: OidcConfig,
    private readonly logger: Logger,
  ) {}

  get issuer(): string {
    return this.config.issuer;
  }

  /** Whether a token claims to come from this provider (unverified: only to route it). */
  claims(token: string): boolean {
    try {
      if (decodeProtectedHeader(token).alg === 'HS256') return false;
      return decodeJwt(token).iss === this.config.issuer;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<OidcIdentity> {
    const kid = decodeProtectedHeader(token).kid;
    if (typeof kid !== 'string') throw new InvalidTokenError('the token names no signing key');
    const keys = await this.keysFor(kid);
    let payload: ProviderClaims;
    try {
      ({ payload } = await jwtVerify<ProviderClaims>(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new InvalidTokenError(describe(error));
    }
    const subject = payload.sub as string;
    const clientId = firstString(payload.client_id, payload.azp, payload.appid);
    // RFC 9068: a client-credentials token's `sub` is the client; Entra ID marks it `idtyp`.
    if (payload.idtyp === 'app' || (clientId !== undefined && subject === clientId)) {
      if (!clientId) throw new InvalidTokenError('the application token names no client id');
      return { kind: 'client', issuer: this.config.issuer, clientId };
    }
    return { kind: 'person', issuer: this.config.issuer, subject };
  }

  /** Readiness: the discovery document answers (with this issuer) and names a JWKS. */
  async ready(): Promise<boolean> {
    try {
      await this.discover();
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error, issuer: this.config.issuer },
        'identity provider unreachable (readiness)',
      );
      return false;
    }
  }

  /**
   * The key set that should hold `kid`. An unknown `kid` fetches the JWKS again, but at most
   * once per cooldown (a flood of made-up kids costs the provider one request per cooldown);
   * concurrent requests share one fetch. A key the provider no longer lists is gone from the
   * set after the next fetch.
   */
  private async keysFor(kid: string): Promise<JWTVerifyGetKey> {
    const cache = this.cache;
    const now = Date.now();
    const stale = !cache || now - cache.fetchedAt > JWKS_MAX_AGE_MS;
    const coolingDown = cache && now - cache.fetchedAt < this.config.jwksCooldownSeconds * 1000;
    if (stale || (!cache.kids.has(kid) && !coolingDown)) {
      this.refreshing ??= this.fetchKeys().finally(() => (this.refreshing = undefined));
      this.cache = await this.refreshing;
    }
    if (!this.cache!.kids.has(kid))
      throw new InvalidTokenError('the token is signed with an unknown key');
    return this.cache!.keys;
  }

  private async fetchKeys(): Promise<KeyCache> {
    const uri = await this.jwksAddress();
    let set: JSONWebKeySet;
    try {
      const response = await fetch(uri, {
        signal: AbortSignal.timeout(this.config.fetchTimeoutMs),
      });
      if (!response.ok) throw new Error(`the JWKS answered ${response.status}`);
      set = (await response.json()) as JSONWebKeySet;
      if (!Array.isArray(set.keys)) throw new Error('the JWKS has no keys');
    } catch (error) {
      throw this.unavailable('jwks', error);
    }
    const kids = new Set(
      set.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'),
    );
    return { kids, keys: createLocalJWKSet(set), fetchedAt: Date.now() };
  }

  private jwksAddress(): Promise<string> {
    if (!this.jwksUri) {
      if (Date.now() - this.failedAt < DISCOVERY_RETRY_MS) {
        return Promise.reject(
          new IssuerUnavailableError('the identity provider did not answer lately'),
        );
      }
      this.jwksUri = this.discover().catch((error: unknown) => {
        this.jwksUri = undefined;
        this.failedAt = Date.now();
        throw this.unavailable('discovery', error);
      });
    }
    return this.jwksUri;
  }

  private async discover(): Promise<string> {
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(this.config.fetchTimeoutMs) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 4.3: the document must name the issuer it was fetched for.
    if (document.issuer !== this.config.issuer) throw new Error('discovery names another issuer');
    if (typeof document.jwks_uri !== 'string') throw new Error('discovery names no jwks_uri');
    return document.jwks_uri;
  }

  private unavailable(stage: string, error: unknown): IssuerUnavailableError {
    this.logger.warn(
      { err: error, issuer: this.config.issuer, stage },
      'identity provider unreachable: tokens cannot be verified',
    );
    return new IssuerUnavailableError('the identity provider cannot be reached; try again shortly');
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}

function describe(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'the token has expired';
  if (code === 'ERR_JWKS_NO_MATCHING_KEY') return 'the token is signed with an unknown key';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'the token signature is not valid';
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return 'the token uses an algorithm not accepted here';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (claim === 'iss' || claim === 'aud'))
    return 'the token was not issued for this API';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
    return `the token's \`${claim}\` claim is not valid`;
  return 'the token is malformed';
}
