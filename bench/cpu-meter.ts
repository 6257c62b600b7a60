import diagnostics from 'node:diagnostics_channel';
import type { RequestListener } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Server CPU per query, measured by each server process itself: 'cpu-start' takes `process.cpuUsage()` and the
 * count of requests ended, 'cpu-stop' waits until no request is in flight (autocannon drops its last ones, which
 * the server still works on and calls the vendor for), then replies with the CPU milliseconds and requests since.
 */
const DRAIN_LIMIT_MS = 10_000;
const SETTLE_MS = 250;
let ended = 0;
let inFlight = 0;
let vendorCallsInFlight = 0;

// A dropped request's vendor calls go on after its socket closed, holding the pages they fetch: the drain waits for them.
diagnostics.subscribe('undici:request:create', () => {
  vendorCallsInFlight += 1;
});
for (const settled of ['undici:request:trailers', 'undici:request:error']) {
  diagnostics.subscribe(settled, () => {
    vendorCallsInFlight -= 1;
  });
}
let startedAt: { usage: NodeJS.CpuUsage; ended: number } | null = null;

/** `handler`, counting the requests in flight and those ended (answered, or dropped by the client). */
export const metered =
  (handler: RequestListener): RequestListener =>
  (request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      ended += 1;
    });
    handler(request, response);
  };

export interface CpuReading {
  cpuMs: number;
  requests: number;
}

/** Resolves once no request and no vendor call is in flight (the client's dropped ones included), or after DRAIN_LIMIT_MS. */
export async function drained(): Promise<void> {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  while ((inFlight > 0 || vendorCallsInFlight > 0) && Date.now() < deadline) await sleep(5);
  // What follows a dropped request's last vendor answer (mapping, execution) takes a moment more.
  await sleep(SETTLE_MS);
}

/** Answers the meter's IPC messages; false for any other message. */
export function answerCpuMessage(message: { type: string }): boolean {
  if (message.type === 'cpu-start') {
    startedAt = { usage: process.cpuUsage(), ended };
    process.send?.({ type: 'cpu-started' });
    return true;
  }
  if (message.type !== 'cpu-stop' || !startedAt) return false;
  const since = startedAt;
  void (async () => {
    await drained();
    const used = process.cpuUsage(since.usage);
    const reading: CpuReading = { cpuMs: (used.user + used.system) / 1000, requests: ended - since.ended };
    process.send?.({ type: 'cpu', ...reading });
  })();
  return true;
}
