import { ConfigError, loadConfig } from '../../src/config/config';

const SECRET = 'a-shared-secret-that-is-long-enough-for-hs256';
const OIDC = { OIDC_ISSUER: 'https://login.example.com/tenant/v2.0', OIDC_AUDIENCE: 'api://csp' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ NODE_ENV: 'production', SQLITE_FILE: ':memory:', ...env });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('sign-in modes in the configuration (README, "Signing in")', () => {
  test('production takes an OIDC issuer alone, and refuses HS256 beside it unless allowed', () => {
    expect(problems(OIDC)).toEqual([]);
    expect(problems({ ...OIDC, JWT_SECRET: SECRET })).toEqual([
      expect.stringMatching(/JWT_SECRET is set beside OIDC_ISSUER.*AUTH_ALLOW_HS256=true/),
    ]);
    expect(problems({ ...OIDC, JWT_SECRET: SECRET, AUTH_ALLOW_HS256: 'true' })).toEqual([]);
    expect(problems({ JWT_SECRET: SECRET })).toEqual([]);
  });

  test('an issuer needs an audience and https in production', () => {
    expect(problems({ OIDC_ISSUER: OIDC.OIDC_ISSUER })).toEqual([
      expect.stringMatching(/OIDC_AUDIENCE/),
    ]);
    expect(problems({ ...OIDC, OIDC_ISSUER: 'http://idp.example' })).toEqual([
      expect.stringMatching(/https in production/),
    ]);
    expect(problems({ OIDC_AUDIENCE: 'api://csp', JWT_SECRET: SECRET })).toEqual([
      expect.stringMatching(/OIDC_AUDIENCE is set without OIDC_ISSUER/),
    ]);
  });

  test('development keeps its generated secret beside an issuer', () => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET, ...OIDC });
    expect(config.auth.oidc).toMatchObject({ issuer: OIDC.OIDC_ISSUER, audience: 'api://csp' });
    expect(config.auth.jwtSecret).toBe(SECRET);
  });
});
