import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { loadConfig } from '../src/config/config';
import { OidcVerifier } from '../src/identity/oidc-verifier';
import { TokenService } from '../src/identity/tokens';

/**
 * CPU per request of verifying the caller's token, without the database: an HS256 token of
 * this server (TokenService) against RS256 and ES256 access tokens of an OpenID Connect
 * provider (OidcVerifier, keys cached after the first fetch from a local discovery and JWKS).
 *
 *   npm run bench:tokens      (N=20000 by default)
 */
async function measure(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await fn();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const used = process.cpuUsage(cpu);
  const perRequest = (used.user + used.system) / n;
  process.stdout.write(`${label}: CPU ${perRequest.toFixed(1)} µs/verify\n`);
  return perRequest;
}

async function main(): Promise<void> {
  const n = Number(process.env.N ?? 20000);
  const keys = {
    RS256: await generateKeyPair('RS256'),
    ES256: await generateKeyPair('ES256'),
  };
  const jwks = {
    keys: [
      { ...(await exportJWK(keys.RS256.publicKey)), kid: 'rs', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(keys.ES256.publicKey)), kid: 'es', alg: 'ES256', use: 'sig' },
    ],
  };
  let issuer = '';
  const idp = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/jwks' ? jwks : { issuer, jwks_uri: `${issuer}/jwks` }));
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const audience = 'https://api.example';
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'token-verify-cost-secret-long-enough',
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE: audience,
  });
  const hs = new TokenService(config.auth);
  const oidc = new OidcVerifier(config.auth.oidc!, pino({ level: 'warn' }));
  const hsToken = await hs.sign({
    userId: 1,
    organizationId: 1,
    organizationType: 'PARTNER',
    roles: [],
  });
  const providerToken = (alg: 'RS256' | 'ES256', kid: string) =>
    new SignJWT({ sub: 'person-1', client_id: 'portal' })
      .setProtectedHeader({ alg, kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(keys[alg].privateKey);
  const rsToken = await providerToken('RS256', 'rs');
  const esToken = await providerToken('ES256', 'es');
  try {
    const hsCost = await measure('HS256 (shared secret)', n, () => hs.verify(hsToken));
    const rsCost = await measure('RS256 (OIDC, cached JWKS)', n, () => oidc.verify(rsToken));
    const esCost = await measure('ES256 (OIDC, cached JWKS)', n, () => oidc.verify(esToken));
    process.stdout.write(
      `RS256/HS256 ${(rsCost / hsCost).toFixed(1)}x, ES256/HS256 ${(esCost / hsCost).toFixed(1)}x\n`,
    );
  } finally {
    idp.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
