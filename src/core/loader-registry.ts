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

  /** Forget cached rows after a mutation so that its payload reads what it just wrote. */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
  }
}
