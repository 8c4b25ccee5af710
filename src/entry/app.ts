import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Config } from '../config/config';
import { Database } from '../db/database';
import { Hydrator } from '../db/sql';
import { CallerResolver } from '../identity/caller-resolver';
import { OidcVerifier } from '../identity/oidc-verifier';
import { TokenService } from '../identity/tokens';
import { OutboxDispatcher } from './outbox-dispatcher';
import { createRateLimiter } from '../core/rate-limit/create-rate-limiter';
import type { RateLimiter } from '../core/rate-limit/rate-limiter';
import type { Logger } from '../core/logger';
import type { ActingUsers, CoreServices } from '../core/services';
import { actingViewer, actingViewerWithOwnPartner } from '../identity/acting-user';

/**
 * The composition root's services, one per server process (tests build several). Requests and
 * units of work see it only through the CoreServices port.
 */
export class App implements CoreServices {
  readonly tokens: TokenService;
  /** Tokens of the configured OpenID Connect provider (OIDC_ISSUER); undefined without one. */
  readonly oidc: OidcVerifier | undefined;
  /** Every request's caller, checked against the stored user. */
  readonly callers: CallerResolver;
  readonly db: Database;
  readonly outbox: OutboxDispatcher;
  /** Per-organization budget of query cost; undefined when rate limiting is off. */
  readonly rateLimiter: RateLimiter | undefined;
  readonly actingUsers: ActingUsers;
  private readonly hydrators = new Map<string, Hydrator<ObjectLiteral>>();

  constructor(
    readonly config: Config,
    readonly dataSource: DataSource,
    readonly logger: Logger,
  ) {
    this.tokens = new TokenService(config.auth);
    this.db = new Database(dataSource);
    this.oidc = config.auth.oidc ? new OidcVerifier(config.auth.oidc, logger) : undefined;
    this.callers = new CallerResolver(this.tokens, this.db.reader, this.oidc);
    this.outbox = new OutboxDispatcher(this.db, logger, config.smtpUrl, config.mailFrom);
    this.rateLimiter = createRateLimiter(config, logger);
    this.actingUsers = {
      actingViewer,
      actingViewerWithOwnOrganization: (db, token, lock) =>
        actingViewerWithOwnPartner(this, db, token, lock),
    };
  }

  get publicUrl(): string {
    return this.config.publicUrl;
  }

  providerPerson(token: string): Promise<{ issuer: string; subject: string }> {
    return this.callers.providerPerson(token);
  }

  emailsCommitted(): void {
    this.outbox.kick();
  }

  /** `only`: a subset of the columns (see Hydrator); one hydrator per entity, alias and subset. */
  hydrator<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    alias: string,
    only?: readonly string[] | null,
  ): Hydrator<T> {
    const metadata = this.dataSource.getMetadata(target);
    const key = only ? `${metadata.name}:${alias}:${only.join(',')}` : `${metadata.name}:${alias}`;
    let hydrator = this.hydrators.get(key);
    if (!hydrator) {
      hydrator = new Hydrator(this.dataSource, metadata, alias, only ? new Set(only) : undefined);
      this.hydrators.set(key, hydrator);
    }
    return hydrator as unknown as Hydrator<T>;
  }
}
