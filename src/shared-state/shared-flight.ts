/**
 * One vendor call that several requests wait for. Its caller hears the outcome at once; the requests that joined it
 * hear it one event-loop turn apart. Otherwise every joined request would run its execution, cursors and
 * serialization in the one turn that settles the call (20 joined requests: ~20 ms), and no new request could be
 * read, nor its vendor call started, until all were done.
 */
export class SharedFlight<T> {
  private readonly waiting: (() => void)[] = [];
  private settled = false;
  private releasing = false;

  constructor(readonly answer: Promise<T>) {
    const settle = () => {
      this.settled = true;
      this.releasing = true;
      setImmediate(this.releaseNext);
    };
    answer.then(settle, settle);
  }

  /** The answer, for a request that joined the call. */
  join(): Promise<T> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.settled && !this.releasing) this.releaseNext();
    }).then(() => this.answer);
  }

  private readonly releaseNext = (): void => {
    const next = this.waiting.shift();
    this.releasing = next !== undefined && this.waiting.length > 0;
    next?.();
    if (this.releasing) setImmediate(this.releaseNext);
  };
}
