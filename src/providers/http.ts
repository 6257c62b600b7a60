import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { ProviderId } from '../domain.js';
import { ProviderError, type ErrorCode, type ErrorDetails } from '../errors.js';
import { Redactor } from './redaction.js';
import type { Resilience } from './resilience.js';

export interface HttpClientOptions {
  provider: ProviderId;
  baseUrl: string;
  dispatcher: Dispatcher;
  /** The whole of one attempt (connect, headers, body), far below undici's 300 s defaults. */
  timeoutMs: number;
  /** Values that must never appear in an error message (keys, tokens). */
  secrets: string[];
  /** Every other secret of the deployment, redacted too in case a vendor echoes one it was never sent. */
  knownSecrets?: string[];
  /** The provider's retries, circuit breaker and bulkhead, shared by all its clients. */
  resilience?: Resilience;
}

export interface HttpCall {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | null | undefined>;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Which operation this is, for error messages. */
  operation: string;
  /** For vendors that refuse with a 2xx (a business code in the body): the error it stands for, or null. */
  answerError?: (body: unknown) => VendorError | null;
}

/**
 * How a vendor's error answer becomes a typed error: a non-2xx (its parsed JSON or undefined, and its text), or a 2xx
 * that is not JSON (body undefined); null falls back to status mapping.
 */
export type VendorErrorParser = (status: number, body: unknown, text: string) => VendorError | null;

export interface VendorError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export interface RawResponse {
  status: number;
  body: unknown;
  text: string;
  retryAfterSeconds: number | null;
}

/** Error messages are cut to this length after redaction; a vendor body is cut to RAW_SUMMARY before it (far past the cut). */
const MAX_MESSAGE = 300;
const RAW_SUMMARY = 10_000;
/** A vendor answer larger than this is refused rather than buffered (the largest real page is ~0.5 MiB); give it to the Agent as maxResponseSize. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export class HttpClient {
  private readonly redactor: Redactor;

  constructor(private readonly options: HttpClientOptions) {
    this.redactor = new Redactor(
      [...new Set([...options.secrets, ...(options.knownSecrets ?? [])])].filter((secret) => secret.length >= 4),
    );
  }

  get provider(): ProviderId {
    return this.options.provider;
  }

  /** Sends the call; returns the parsed JSON of a 2xx, or throws a ProviderError carrying provider, status and a safe summary. */
  async json<Schema extends z.ZodType>(call: HttpCall, schema: Schema, parseError: VendorErrorParser): Promise<z.output<Schema>> {
    const response = await this.exchange(call, parseError);
    if (response.body === undefined) throw this.notJsonError(call, response, parseError);
    return this.parse(call, response.body, schema);
  }

  /** Sends the call and returns the raw text, for the few vendor pages that are HTML. */
  async text(call: HttpCall, parseError: VendorErrorParser): Promise<string> {
    return (await this.exchange(call, parseError)).text;
  }

  parse<Schema extends z.ZodType>(call: HttpCall, body: unknown, schema: Schema): z.output<Schema> {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
    throw new ProviderError(
      this.provider,
      'UPSTREAM_BAD_RESPONSE',
      this.safe(`${call.operation} returned an unexpected payload (${where})`),
    );
  }

  error(code: ErrorCode, message: string, status: number | null = null, details: ErrorDetails = {}): ProviderError {
    return new ProviderError(this.provider, code, this.safe(message), { status, details });
  }

  /** One call under the provider's policies; a non-2xx answer becomes a typed error inside them, so retries see it. */
  private exchange(call: HttpCall, parseError: VendorErrorParser): Promise<RawResponse> {
    const attempt = async () => {
      const response = await this.send(call);
      if (response.status < 200 || response.status >= 300) throw this.statusError(call, response, parseError);
      // Inside the policies, so a refusal sent as HTTP 200 is retried, counted and recorded like any other.
      const refusal = call.answerError?.(response.body);
      if (refusal) throw this.error(refusal.code, `${call.operation}: ${refusal.message}`, response.status, refusal.details);
      return response;
    };
    return this.options.resilience ? this.options.resilience.execute(call.operation, attempt) : attempt();
  }

  private async send(call: HttpCall): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    let body: string | undefined;
    if (call.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(call.form).toString();
    }
    // Bounds the whole attempt, including a body that trickles in slower than bodyTimeout notices. A timer
    // cleared when the attempt ends, not AbortSignal.timeout, whose timers all fire (and abort) long after.
    const attempt = new AbortController();
    const deadline = setTimeout(
      () => attempt.abort(new DOMException(`${call.operation} timed out`, 'TimeoutError')),
      this.options.timeoutMs,
    );
    try {
      const response = await request(this.url(call), {
        method: call.method ?? 'GET',
        headers,
        body,
        dispatcher: this.options.dispatcher,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: attempt.signal,
      });
      // A declared length is judged before reading; an undeclared one is cut off by the Agent's maxResponseSize.
      if (Number(response.headers['content-length']) > MAX_RESPONSE_BYTES) {
        response.body.destroy();
        throw this.tooLarge(call);
      }
      const text = await response.body.text();
      return { status: response.statusCode, text, body: parseJson(text), retryAfterSeconds: retryAfterOf(response.headers['retry-after']) };
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw this.transportError(call, error);
    } finally {
      clearTimeout(deadline);
    }
  }

  /** A 2xx that is not JSON may still be the vendor's own error (Meta's web refuses with HTTP 200 at times). */
  private notJsonError(call: HttpCall, response: RawResponse, parseError: VendorErrorParser): ProviderError {
    const vendor = parseError(response.status, undefined, response.text);
    if (vendor) return this.error(vendor.code, `${call.operation}: ${vendor.message}`, response.status, vendor.details);
    return this.error('UPSTREAM_BAD_RESPONSE', `${call.operation} answered with something that is not JSON`, response.status);
  }

  private tooLarge(call: HttpCall): ProviderError {
    return this.error('UPSTREAM_BAD_RESPONSE', `${call.operation} answered with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`, null, {
      retryable: false,
    });
  }

  private url(call: HttpCall): URL {
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + call.path);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== null && value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  private statusError(call: HttpCall, response: RawResponse, parseError: VendorErrorParser): ProviderError {
    const retry: ErrorDetails = response.retryAfterSeconds === null ? {} : { retryAfterSeconds: response.retryAfterSeconds };
    const vendor = parseError(response.status, response.body, response.text);
    if (vendor) return this.error(vendor.code, `${call.operation}: ${vendor.message}`, response.status, { ...vendor.details, ...retry });
    const summary =
      typeof response.body === 'object' && response.body !== null
        ? JSON.stringify(response.body)
        : response.text.trimStart().startsWith('<')
          ? '(an HTML page)'
          : response.text;
    return this.error(
      codeForStatus(response.status),
      `${call.operation} failed with HTTP ${response.status}: ${summary.slice(0, RAW_SUMMARY)}`,
      response.status,
      retry,
    );
  }

  private transportError(call: HttpCall, error: unknown): ProviderError {
    if (error instanceof undiciErrors.ResponseExceededMaxSizeError) return this.tooLarge(call);
    const code = (error as { code?: unknown } | null)?.code;
    const name = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
    // The whole-attempt deadline aborts with a DOMException named TimeoutError.
    const timedOut =
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError ||
      (error instanceof Error &&
        (error.name === 'TimeoutError' || (error.name === 'AbortError' && (error.cause as Error | undefined)?.name === 'TimeoutError')));
    if (timedOut) return this.error('UPSTREAM_TIMEOUT', `${call.operation} timed out after ${this.options.timeoutMs} ms`);
    return this.error('UPSTREAM_UNAVAILABLE', `${call.operation} could not reach the vendor (${name})`);
  }

  /** Redacted first, then cut: a cut through a secret must not leave a piece of it unrecognised. */
  private safe(text: string): string {
    const redacted = this.redactor.redact(text);
    return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}…` : redacted;
  }
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'UNAUTHENTICATED';
  if (status === 402) return 'INSUFFICIENT_CREDITS';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400 || status === 422) return 'BAD_USER_INPUT';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_BAD_RESPONSE';
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterOf(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** For vendors whose error bodies are `{ error | message | detail | msg: "..." }`: that message, coded by HTTP status. */
export function parseMessageError(status: number, body: unknown): VendorError | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'msg']) {
    const value = record[key];
    if (typeof value === 'string' && value) return { code: codeForStatus(status), message: value.slice(0, RAW_SUMMARY) };
  }
  return null;
}
