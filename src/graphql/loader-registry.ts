import DataLoader from 'dataloader';

/**
 * Parents answered by one statement. Pages are capped at 100, so three nested lists reach
 * 10,000 parents: one statement per list level up to there (SQLite takes 32,766 parameters).
 */
const MAX_BATCH = 10_000;

/**
 * The DataLoaders of one request. Loaders are created on first use under a key that includes
 * everything their batch function depends on (field, filters, page), and die with the request:
 * a loader shared across requests would serve one caller's rows to another.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly knownValues = new Map<string, Map<unknown, unknown>>();
  private readonly built = new Map<string, unknown>();

  get<K, V>(
    key: string,
    batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  ): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: MAX_BATCH });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * What `make` builds, once per request and key: the statement parts of a nested list are the
   * same for all its parents, and building them per parent was measurable at a thousand nodes.
   */
  once<T>(key: string, make: () => T): T {
    let value = this.built.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this.built.set(key, value);
    }
    return value;
  }

  /**
   * Values a statement has already read for `key`'s loader (an edge joined into its parent's
   * statement), handed out as they are: a resolver that returns a value instead of a resolved
   * promise saves the promise, its microtask and the executor's promise handling, for every
   * object of a large list.
   */
  known<K, V>(key: string): Map<K, V> {
    let values = this.knownValues.get(key) as Map<K, V> | undefined;
    if (!values) {
      values = new Map<K, V>();
      this.knownValues.set(key, values as Map<unknown, unknown>);
    }
    return values;
  }

  /** Forget cached rows after a mutation so that its payload reads what it just wrote. */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
    for (const values of this.knownValues.values()) values.clear();
    // Built statement parts may hold objects they read (EdgeJoins shares joined edges).
    this.built.clear();
  }
}
