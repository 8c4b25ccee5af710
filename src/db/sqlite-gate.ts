/**
 * TypeORM's better-sqlite3 driver runs everything on one connection: two concurrent
 * transactions would nest into each other, and a read could see another request's
 * uncommitted rows. The gate gives a transaction the connection to itself (exclusive) while
 * plain reads share it. MySQL has real connections and isolation, and needs no gate.
 */
export class SqliteGate {
  private readers = 0;
  private writer = false;
  private readonly waiting: Array<{ exclusive: boolean; resume: () => void }> = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writer || this.waiting.some((w) => w.exclusive)) {
      await new Promise<void>((resume) => this.waiting.push({ exclusive: false, resume }));
    } else {
      this.readers++;
    }
    try {
      return await fn();
    } finally {
      this.readers--;
      this.wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writer || this.readers > 0 || this.waiting.length > 0) {
      await new Promise<void>((resume) => this.waiting.push({ exclusive: true, resume }));
    } else {
      this.writer = true;
    }
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.wake();
    }
  }

  private wake(): void {
    if (this.writer || this.readers > 0) return;
    const next = this.waiting[0];
    if (!next) return;
    if (next.exclusive) {
      this.waiting.shift();
      this.writer = true;
      next.resume();
      return;
    }
    while (this.waiting[0] && !this.waiting[0].exclusive) {
      this.readers++;
      this.waiting.shift()!.resume();
    }
  }
}
