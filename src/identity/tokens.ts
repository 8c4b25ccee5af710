import { webcrypto } from 'node:crypto';
import {
  createRemoteJWKSet,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthConfig } from '../config/config';
import { OrganizationType } from '../core/organization-type';
import type { Viewer } from '../core/viewer';

const ORG_TYPES = new Set<string>(Object.values(OrganizationType));

/** A database id as JSON or a JWT writes it: no sign, no leading zero, no spaces, no hex. */
const CANONICAL_ID = /^[1-9][0-9]{0,15}$/;

export class InvalidTokenError extends Error {}

/**
 * What a verified token says about its caller. Only a claim, never an authority: the caller
 * resolver (caller-resolver.ts) checks it against the stored user and takes the roles from there.
 */
export interface CallerClaims {
  userId: number;
  organizationId: number;
  organizationType: OrganizationType;
}

interface CspClaims extends JWTPayload {
  org?: unknown;
  org_type?: unknown;
  roles?: unknown;
}

/**
 * Bearer tokens (SPEC section 1): `sub` is the user, `org` the organization, `org_type` its
 * kind and `roles` the user's roles when the token was minted (for clients to display; the
 * server takes roles from the database). Verified with a shared secret (HS256) or a JWKS
 * endpoint, and parsed strictly: `exp` is required, `sub` and `org` are canonical ids.
 */
export class TokenService {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private verifyKey?: Promise<webcrypto.CryptoKey>;

  constructor(private readonly config: AuthConfig) {
    if (config.jwtSecret) this.secret = new TextEncoder().encode(config.jwtSecret);
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  get canSign(): boolean {
    return this.secret !== undefined;
  }

  async sign(viewer: Viewer, ttlSeconds = this.config.tokenTtlSeconds): Promise<string> {
    if (!this.secret)
      throw new Error(
        'Tokens are verified with a JWKS endpoint here; this server cannot mint them.',
      );
    return new SignJWT({
      org: viewer.organizationId,
      org_type: viewer.organizationType,
      roles: [...viewer.roles],
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(viewer.userId))
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.secret);
  }

  /**
   * The secret as a CryptoKey, imported once: given raw bytes, jose imports a key on every
   * verification, which was a tenth of the CPU of a small request.
   */
  private hmacKey(): Promise<webcrypto.CryptoKey> {
    this.verifyKey ??= webcrypto.subtle.importKey(
      'raw',
      this.secret!,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    return this.verifyKey;
  }

  async verify(token: string): Promise<CallerClaims> {
    if (!this.secret && !this.jwks)
      throw new InvalidTokenError('only tokens of the configured identity provider are accepted');
    let payload: CspClaims;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: 30,
        // A token without `exp` would never stop working, whoever minted it.
        requiredClaims: ['exp', 'sub'],
      };
      const result = this.jwks
        ? await jwtVerify<CspClaims>(token, this.jwks, options)
        : await jwtVerify<CspClaims>(token, await this.hmacKey(), {
            ...options,
            algorithms: ['HS256'],
          });
      payload = result.payload;
    } catch (error) {
      throw new InvalidTokenError(describe(error));
    }
    // JWT says `sub` is a string; only `org` may also be the number that sign() writes.
    const userId = typeof payload.sub === 'string' ? canonicalId(payload.sub) : undefined;
    const organizationId = canonicalId(payload.org);
    if (userId === undefined || organizationId === undefined) {
      throw new InvalidTokenError('the token does not name a user and an organization');
    }
    if (typeof payload.org_type !== 'string' || !ORG_TYPES.has(payload.org_type)) {
      throw new InvalidTokenError('the token does not name an organization type');
    }
    return { userId, organizationId, organizationType: payload.org_type as OrganizationType };
  }
}

/**
 * A positive id as a JSON number or as its decimal text ("2"). Values that merely convert to a
 * number (`true`, `["2"]`, `"0x2"`, `" 2 "`, `"2.0"`) are refused: no issuer writes them, and a
 * lax conversion would turn them into a real user (`true` is user 1).
 */
function canonicalId(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || !CANONICAL_ID.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}

function describe(error: unknown): string {
  const { code, claim, reason } = error as { code?: string; claim?: string; reason?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'the token has expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && reason === 'missing')
    return `the token has no \`${claim}\` claim`;
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'the token signature is not valid';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return 'the token was not issued for this API';
  return 'the token is malformed';
}
