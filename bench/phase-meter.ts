import diagnostics from 'node:diagnostics_channel';

/**
 * Where a server's time goes around its vendor calls, measured by the server process itself from Node's and
 * undici's diagnostics channels, for one request at a time (the one-client samples): from the request's arrival
 * to its first vendor request sent, and from its last vendor answer received to its response finished. IPC:
 * 'phases-start' forgets what came before; 'phases-stop' replies with the medians (ms).
 */
interface Timeline {
  arrived: number;
  firstCallSent?: number;
  lastAnswerReceived?: number;
  responded?: number;
}

export interface PhaseReading {
  /** Median ms from a request's arrival to its first vendor request's headers written. */
  beforeFirstCall: number;
  /** Median ms from its last vendor answer received whole to its response finished. */
  afterLastAnswer: number;
  requests: number;
}

let current: Timeline | null = null;
/** Timelines are kept only between 'phases-start' and 'phases-stop': a long load would otherwise pile them up. */
let finished: Timeline[] | null = null;

diagnostics.subscribe('http.server.request.start', () => {
  current = { arrived: performance.now() };
});
diagnostics.subscribe('undici:client:sendHeaders', () => {
  if (current && current.firstCallSent === undefined) current.firstCallSent = performance.now();
});
// Published once a vendor response's body has arrived in full (before the caller parses it).
diagnostics.subscribe('undici:request:trailers', () => {
  if (current) current.lastAnswerReceived = performance.now();
});
diagnostics.subscribe('http.server.response.finish', () => {
  if (finished && current?.firstCallSent !== undefined && current.lastAnswerReceived !== undefined)
    finished.push({ ...current, responded: performance.now() });
  current = null;
});

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Answers the meter's IPC messages; false for any other message. */
export function answerPhaseMessage(message: { type: string }): boolean {
  if (message.type === 'phases-start') {
    finished = [];
    process.send?.({ type: 'phases-started' });
    return true;
  }
  if (message.type !== 'phases-stop') return false;
  const timelines = finished ?? [];
  finished = null;
  const reading: PhaseReading = {
    beforeFirstCall: median(timelines.map((timeline) => timeline.firstCallSent! - timeline.arrived)),
    afterLastAnswer: median(timelines.map((timeline) => timeline.responded! - timeline.lastAnswerReceived!)),
    requests: timelines.length,
  };
  process.send?.({ type: 'phases', ...reading });
  return true;
}
