import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Hydrator } from '../db/sql';
import { unauthenticated } from './errors';
import { LoaderRegistry } from './loader-registry';
import type { CoreServices } from './services';
import type { Viewer } from './viewer';

/** Everything a resolver may use for one request. */
export class RequestContext {
  readonly loaders = new LoaderRegistry();

  constructor(
    readonly services: CoreServices,
    readonly requestId: string,
    readonly viewer: Viewer | null,
    /** The client's network address: whose rate-limit budget an anonymous call spends. */
    readonly clientAddress = 'unknown',
  ) {}

  /** Where the read side sends its statements. */
  get db() {
    return this.services.db.reader;
  }

  /** See CoreServices.hydrator. */
  hydrator<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    alias: string,
    only?: readonly string[] | null,
  ): Hydrator<T> {
    return this.services.hydrator(target, alias, only);
  }

  /** The caller, or UNAUTHENTICATED: everything but the public directory needs a token. */
  requireViewer(): Viewer {
    if (!this.viewer) throw unauthenticated();
    return this.viewer;
  }
}
