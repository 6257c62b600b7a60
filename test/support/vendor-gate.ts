import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/**
 * A loopback proxy in front of a fake vendor that can hold requests until released, so a test knows for certain
 * that a request is in flight inside feedgraph (no sleeping and hoping).
 */
export interface VendorGate {
  /** The proxy's origin; append the vendor's base path (e.g. `/v1.0`). */
  url: string;
  /** Requests the gate is holding now. */
  readonly held: number;
  /** From now on, holds every request until `release()`. */
  hold(): void;
  /** Forwards the held requests and lets the next ones through. */
  release(): void;
  /** Resolves once the gate holds `count` requests. */
  waitForHeld(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startVendorGate(target: string): Promise<VendorGate> {
  let holding = false;
  let queue: Array<() => void> = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((incoming, outgoing) => {
    const forwardIt = () => void forward(incoming, outgoing, target);
    if (!holding) return forwardIt();
    queue.push(forwardIt);
    const satisfied = waiters.filter((waiter) => queue.length >= waiter.count);
    waiters = waiters.filter((waiter) => queue.length < waiter.count);
    for (const waiter of satisfied) waiter.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get held() {
      return queue.length;
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const released = queue;
      queue = [];
      for (const forwardIt of released) forwardIt();
    },
    waitForHeld: (count) => (queue.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

async function forward(incoming: IncomingMessage, outgoing: ServerResponse, target: string): Promise<void> {
  const headers = Object.fromEntries(Object.entries(incoming.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
  try {
    const answer = await request(`${target}${incoming.url ?? '/'}`, {
      method: incoming.method ?? 'GET',
      headers,
      body: incoming.method === 'GET' || incoming.method === 'HEAD' ? null : incoming,
    });
    const body = Buffer.from(await answer.body.arrayBuffer());
    const answerHeaders = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    outgoing.writeHead(answer.statusCode, answerHeaders);
    outgoing.end(body);
  } catch {
    outgoing.writeHead(502).end();
  }
}
