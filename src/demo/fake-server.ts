import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake vendor received it, for tests to assert what the adapter sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  form: Record<string, string>;
}

export interface FakeReply {
  status: number;
  /** Serialised as JSON unless it is a string (HTML pages, or JSON that must keep 64-bit integers). */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply;

/** A test's stand-in for the vendor: null lets the vendor behaviour answer that request. */
type OverrideHandler = (request: RecordedRequest) => FakeReply | null;

/** How a vendor answers an error status: its own body (and headers) for that status. */
export type VendorErrorReply = (status: number, retryAfterSeconds?: number) => FakeReply;

/** A switchable failure, answered instead of the vendor's normal behaviour. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'slow-body'; delayMs: number }
  | { kind: 'truncated' }
  | { kind: 'invalid-json' }
  /** `chunked`: sent without a Content-Length, so the client only learns the size by reading. */
  | { kind: 'oversized'; bytes: number; chunked?: boolean }
  | { kind: 'wrong-shape' };

export interface FakeServer {
  name: string;
  url: string;
  requests: RecordedRequest[];
  /** Answers requests with `handler` instead of the vendor behaviour until called with null; a null answer falls through. */
  override(handler: OverrideHandler | null): void;
  /** Injects a failure into the next `times` requests (every request when omitted); null heals. */
  fault(fault: Fault | null, times?: number): void;
  /** Delays every answer, as a distant vendor would (tests and the benchmark). */
  setLatency(milliseconds: number): void;
  /** The most requests this server had in flight at once since the last reset. */
  readonly maxInFlight: number;
  readonly listening: boolean;
  /** Requests answered since the start (counted even when not recorded). */
  readonly requestCount: number;
  /** Whether to keep each request in `requests` (on by default; a long benchmark turns it off). */
  recordRequests(keep: boolean): void;
  resetStats(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** One loopback HTTP server for one fake vendor; it records every request it answers. */
export async function startFakeServer(
  name: string,
  handler: FakeHandler,
  errorReply: VendorErrorReply = defaultErrorReply,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let override: OverrideHandler | null = null;
  const answer = (request: RecordedRequest): FakeReply => override?.(request) ?? handler(request);
  let activeFault: Fault | null = null;
  let faultsLeft = Number.POSITIVE_INFINITY;
  let latency = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let requestCount = 0;
  let recording = true;
  const server = createServer((incoming, outgoing) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    outgoing.once('close', () => (inFlight -= 1));
    void receive(incoming).then(
      async (request) => {
        requestCount += 1;
        if (recording) requests.push(request);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        const fault = activeFault;
        try {
          if (fault && faultsLeft > 0) {
            faultsLeft -= 1;
            if (faultsLeft === 0) activeFault = null;
            return answerWithFault(outgoing, fault, () => answer(request), errorReply);
          }
          send(outgoing, answer(request));
        } catch {
          // A fake that cannot answer behaves like a vendor's crash page, never like a crashed test process.
          if (!outgoing.headersSent)
            send(outgoing, { status: 500, body: '<html><body>Internal Server Error</body></html>', contentType: 'text/html' });
        }
      },
      () => send(outgoing, { status: 400, body: { error: 'unreadable request' } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    requests,
    override: (next) => {
      override = next;
    },
    fault: (next, times) => {
      activeFault = next;
      faultsLeft = times ?? Number.POSITIVE_INFINITY;
    },
    setLatency: (milliseconds) => {
      latency = milliseconds;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get requestCount() {
      return requestCount;
    },
    get listening() {
      return server.listening;
    },
    recordRequests: (keep) => {
      recording = keep;
    },
    resetStats: () => {
      maxInFlight = inFlight;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function receive(incoming: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
  const headers = Object.fromEntries(
    Object.entries(incoming.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
  );
  const isForm = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    form: isForm ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) : {},
  };
}

function send(outgoing: ServerResponse, reply: FakeReply): void {
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  outgoing.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...reply.headers,
  });
  outgoing.end(body);
}

function defaultErrorReply(status: number, retryAfterSeconds?: number): FakeReply {
  return {
    status,
    body: { error: `HTTP ${status}` },
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  };
}

function answerWithFault(outgoing: ServerResponse, fault: Fault, normal: () => FakeReply, errorReply: VendorErrorReply): void {
  switch (fault.kind) {
    case 'status':
      send(outgoing, errorReply(fault.status, fault.retryAfterSeconds));
      return;
    case 'hang':
      // Never answers; the connection stays open until the client gives up or the server closes.
      return;
    case 'slow-body': {
      const body = Buffer.from(JSON.stringify(normal().body));
      outgoing.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      outgoing.write(body.subarray(0, 10));
      setTimeout(() => outgoing.end(body.subarray(10)), fault.delayMs).unref();
      return;
    }
    case 'truncated': {
      const body = JSON.stringify(normal().body);
      send(outgoing, { status: 200, body: body.slice(0, Math.floor(body.length / 2)) });
      return;
    }
    case 'invalid-json':
      send(outgoing, { status: 200, body: '<html><body>Something went wrong</body></html>' });
      return;
    case 'oversized': {
      const body = `{"padding":"${'x'.repeat(fault.bytes)}"}`;
      if (!fault.chunked) {
        send(outgoing, { status: 200, body });
        return;
      }
      outgoing.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      for (let start = 0; start < body.length; start += 65_536) outgoing.write(body.slice(start, start + 65_536));
      outgoing.end();
      return;
    }
    case 'wrong-shape':
      send(outgoing, { status: 200, body: [{ unexpected: 'shape' }] });
      return;
  }
}

export function json(status: number, body: unknown): FakeReply {
  return { status, body };
}

/** A dataset lookup by a key that came from a request: never an inherited property such as "constructor". */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An opaque token in the style each vendor uses; the fakes decode their own. */
export function encodeToken(prefix: string, offset: number): string {
  return Buffer.from(`${prefix}:${offset}`).toString('base64');
}

export function decodeToken(prefix: string, token: string | undefined): number | null {
  if (token === undefined || token === '') return 0;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const match = new RegExp(`^${prefix}:(\\d+)$`).exec(decoded);
  return match ? Number(match[1]) : null;
}
