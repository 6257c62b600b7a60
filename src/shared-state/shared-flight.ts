/**
 * One vendor call that several requests wait for. Its caller hears the outcome at once; the requests that joined it
 * hear it one event-loop turn apart when that costs no vendor call, so that new requests are read, and their vendor
 * calls started, between them (in the one turn that settles the call, 20 joined requests held the loop ~16 ms).
 * It costs none while the joined requests, at the pace of the turns so far, are done before a call as long as this
 * one would be back: the requests they let in all join the call they start. With a vendor faster than that, they
 * resume together, or the requests let in early would start calls that the later ones could not join.
 */
export class SharedFlight<T> {
  private readonly waiting: (() => void)[] = [];
  private readonly startedAt = performance.now();
  /** When the answer came (null until then), how long the call took, and when the last turn began. */
  private settledAt: number | null = null;
  private callMs = 0;
  private lastTurnAt = 0;
  private releasing = false;

  constructor(readonly answer: Promise<T>) {
    const settle = () => {
      this.settledAt = performance.now();
      this.callMs = this.settledAt - this.startedAt;
      this.lastTurnAt = this.settledAt;
      this.releasing = true;
      setImmediate(this.releaseNext);
    };
    answer.then(settle, settle);
  }

  /** The answer, for a request that joined the call. */
  join(): Promise<T> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.settledAt !== null && !this.releasing) this.releaseNext();
    }).then(() => this.answer);
  }

  private readonly releaseNext = (): void => {
    const now = performance.now();
    const turnMs = now - this.lastTurnAt;
    this.lastTurnAt = now;
    const crowdDoneMs = now - (this.settledAt ?? now) + turnMs * this.waiting.length;
    const takingTurns = crowdDoneMs < this.callMs;
    for (const release of this.waiting.splice(0, takingTurns ? 1 : this.waiting.length)) release();
    this.releasing = this.waiting.length > 0;
    if (this.releasing) setImmediate(this.releaseNext);
  };
}
