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
import { Role } from '../core/role';
import type { Viewer } from '../core/viewer';

const ROLES = new Set<string>(Object.values(Role));
const ORG_TYPES = new Set<string>(Object.values(OrganizationType));

export class InvalidTokenError extends Error {}

interface CspClaims extends JWTPayload {
  org?: unknown;
  org_type?: unknown;
  roles?: unknown;
}

/**
 * Bearer tokens (SPEC section 1): `sub` is the user, `org` the organization, `org_type` its
 * kind and `roles` the user's roles. Verified with a shared secret (HS256) or a JWKS endpoint.
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

  async verify(token: string): Promise<Viewer> {
    let payload: CspClaims;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: 30,
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
    const userId = Number(payload.sub);
    const organizationId = Number(payload.org);
    if (
      !Number.isSafeInteger(userId) ||
      userId <= 0 ||
      !Number.isSafeInteger(organizationId) ||
      organizationId <= 0
    ) {
      throw new InvalidTokenError('the token does not name a user and an organization');
    }
    if (typeof payload.org_type !== 'string' || !ORG_TYPES.has(payload.org_type)) {
      throw new InvalidTokenError('the token does not name an organization type');
    }
    if (
      !Array.isArray(payload.roles) ||
      !payload.roles.every((r) => typeof r === 'string' && ROLES.has(r))
    ) {
      throw new InvalidTokenError('the token carries unknown roles');
    }
    return {
      userId,
      organizationId,
      organizationType: payload.org_type as OrganizationType,
      roles: payload.roles as Role[],
    };
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_JWT_EXPIRED') return 'the token has expired';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'the token signature is not valid';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return 'the token was not issued for this API';
  return 'the token is malformed';
}
