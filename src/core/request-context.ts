import type { App } from '../entry/app';
import { Visibility } from '../access/visibility';
import type { Viewer } from './viewer';
import { unauthenticated } from './errors';
import { LoaderRegistry } from './loader-registry';

/** Everything a resolver may use for one request. */
export class RequestContext {
  readonly loaders = new LoaderRegistry();
  private visibilityCache?: Visibility;

  constructor(
    readonly app: App,
    readonly requestId: string,
    readonly viewer: Viewer | null,
    /** The client's network address: whose rate-limit budget an anonymous call spends. */
    readonly clientAddress = 'unknown',
  ) {}

  /** Where the read side sends its statements. */
  get db() {
    return this.app.db.reader;
  }

  /** The caller, or UNAUTHENTICATED: everything but the public directory needs a token. */
  requireViewer(): Viewer {
    if (!this.viewer) throw unauthenticated();
    return this.viewer;
  }

  /** R-30 predicates for this caller. */
  get visibility(): Visibility {
    this.visibilityCache ??= new Visibility(this.requireViewer());
    return this.visibilityCache;
  }
}
