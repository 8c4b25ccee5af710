import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** The `aud` of access tokens the test provider issues for the API. */
export const API_AUDIENCE = 'https://api.csp-partner-graph.test';
export const PORTAL_CLIENT = 'partner-portal';
export const REDIRECT_URI = 'http://localhost/callback';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateJwk: JWK;
}

export interface TestIdp {
  issuer: string;
  /** Registers an integration that may use the client-credentials grant. */
  addClient(clientId: string, secret: string): void;
  /** A person's access token through the authorization code flow with PKCE. */
  personToken(accountId: string): Promise<string>;
  /** An application's access token through the client-credentials grant. */
  clientToken(clientId: string, secret: string): Promise<string>;
  /** A token signed with the provider's current key but with claims of the test's choosing. */
  forge(
    claims: Record<string, unknown>,
    options?: { key?: SigningKey; exp?: number },
  ): Promise<string>;
  /** Replaces the signing keys: the JWKS then lists only the new ones. */
  rotate(alg?: SigningKey['alg']): Promise<SigningKey>;
  currentKey(): SigningKey;
  stop(): Promise<void>;
}

export async function newSigningKey(alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  const jwk = await exportJWK(privateKey);
  return { kid, alg, privateJwk: { ...jwk, kid, alg, use: 'sig' } };
}

type ProviderInstance = {
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{
    prompt: { name: string };
    params: Record<string, unknown>;
    session?: { accountId: string };
  }>;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: unknown,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { clientId: string; accountId: string }) => {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  };
};

/**
 * oidc-provider ships ES modules only; Node (20.19+) loads it with its own require, outside
 * Jest's module registry, so the certified provider runs in the test process unchanged.
 */
function loadProvider(): {
  Provider: new (issuer: string, config: unknown) => ProviderInstance;
  copy: <T>(value: T) => T;
} {
  // Jest replaces `node:module` with its own; the process's built-in is Node's.
  const builtin = process.getBuiltinModule('node:module') as {
    createRequire: typeof createRequire;
  };
  const nodeRequire = builtin.createRequire(__filename);
  const loaded = nodeRequire('oidc-provider') as { default?: unknown };
  return {
    Provider: (loaded.default ?? loaded) as new (
      issuer: string,
      config: unknown,
    ) => ProviderInstance,
    copy: (nodeRequire('./main-realm.cjs') as { copy: <T>(value: T) => T }).copy,
  };
}

/**
 * A real OpenID Connect provider (the certified `oidc-provider`) on a random port: discovery,
 * JWKS, the authorization code flow with PKCE (its login step answered programmatically) and
 * client credentials, with access tokens as JWTs for the API's audience.
 */
export async function startTestIdp(alg: SigningKey['alg'] = 'RS256'): Promise<TestIdp> {
  const { Provider, copy } = loadProvider();
  const clients: Array<Record<string, unknown>> = [
    {
      client_id: PORTAL_CLIENT,
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: alg,
    },
  ];
  let keys = [await newSigningKey(alg)];
  let pendingAccount = '';
  let provider: ProviderInstance;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      // The login and consent pages, answered as if the person had signed in and agreed.
      void answerInteraction(req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      });
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const answerInteraction = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(
        req,
        res,
        copy({ login: { accountId: pendingAccount } }),
        {
          mergeWithLastSubmission: false,
        },
      );
    }
    const grant = new provider.Grant(
      copy({ clientId: String(details.params.client_id), accountId: details.session!.accountId }),
    );
    grant.addOIDCScope('openid api');
    grant.addResourceScope(API_AUDIENCE, 'api');
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, copy({ consent: { grantId } }), {
      mergeWithLastSubmission: true,
    });
  };

  const build = () => {
    provider = new Provider(
      issuer,
      copy({
        clients,
        jwks: { keys: keys.map((k) => k.privateJwk) },
        cookies: { keys: ['test-idp-cookie-key'] },
        pkce: { required: () => true },
        scopes: ['openid', 'api'],
        findAccount: (_ctx: unknown, id: string) =>
          copy({ accountId: id, claims: () => copy({ sub: id }) }),
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => API_AUDIENCE,
            useGrantedResource: () => true,
            getResourceServerInfo: () =>
              copy({
                scope: 'api',
                audience: API_AUDIENCE,
                accessTokenFormat: 'jwt',
                jwt: { sign: { alg: keys[0].alg } },
              }),
          },
        },
      }),
    );
    handler = provider.callback();
  };
  build();

  const tokenRequest = async (form: Record<string, string>, basic?: string) => {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!response.ok || !body.access_token)
      throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  };

  return {
    issuer,
    addClient(clientId, secret) {
      clients.push({
        client_id: clientId,
        client_secret: secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      });
      build();
    },
    async personToken(accountId) {
      pendingAccount = accountId;
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const jar = new Map<string, string>();
      const get = async (url: string) => {
        const response = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return response.headers.get('location');
      };
      const authorize = new URL(`${issuer}/auth`);
      authorize.search = new URLSearchParams({
        client_id: PORTAL_CLIENT,
        response_type: 'code',
        scope: 'openid api',
        redirect_uri: REDIRECT_URI,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: API_AUDIENCE,
        state: randomBytes(8).toString('hex'),
      }).toString();
      let location = await get(authorize.toString());
      for (let hop = 0; location && !location.startsWith(REDIRECT_URI); hop++) {
        if (hop > 5) throw new Error('the authorization flow did not end');
        location = await get(new URL(location, issuer).toString());
      }
      const code = location && new URL(location).searchParams.get('code');
      if (!code) throw new Error(`no authorization code (${location})`);
      return tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: PORTAL_CLIENT,
        code_verifier: verifier,
        resource: API_AUDIENCE,
      });
    },
    clientToken: (clientId, secret) =>
      tokenRequest(
        { grant_type: 'client_credentials', scope: 'api', resource: API_AUDIENCE },
        `${clientId}:${secret}`,
      ),
    async forge(claims, options = {}) {
      const key = options.key ?? keys[0];
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: API_AUDIENCE, iat: now, ...claims })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .setExpirationTime(options.exp ?? now + 300)
        .sign(key.privateJwk);
    },
    async rotate(nextAlg = keys[0].alg) {
      keys = [await newSigningKey(nextAlg)];
      // The portal's ID tokens follow the only key left.
      clients[0].id_token_signed_response_alg = nextAlg;
      build();
      return keys[0];
    },
    currentKey: () => keys[0],
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
