import type { ProviderId } from './domain.js';

/** The stable `extensions.code` values a client can branch on. */
const ERROR_CODES = [
  'UNAUTHENTICATED',
  'INSUFFICIENT_CREDITS',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'NOT_FOUND',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BAD_RESPONSE',
  'UPSTREAM_BAD_ITEM',
  'CAPABILITY_UNAVAILABLE',
  'BAD_USER_INPUT',
  'BAD_CURSOR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Record<string, string | number | boolean | null | string[]>;

const FEEDGRAPH_ERROR = Symbol.for('feedgraph.error');

export function isFeedgraphError(value: unknown): value is FeedgraphError {
  return typeof value === 'object' && value !== null && (value as { [FEEDGRAPH_ERROR]?: boolean })[FEEDGRAPH_ERROR] === true;
}

/**
 * A deliberate error: its message is safe to show to clients and it carries a stable code.
 * Everything else is masked by yoga.
 */
export class FeedgraphError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  /** A registry symbol, so the check holds even when a bundler or test runner loads this module twice. */
  readonly [FEEDGRAPH_ERROR] = true;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'FeedgraphError';
    this.code = code;
    this.details = details;
  }
}

/** An upstream failure, always naming the provider; `status` is the vendor's HTTP status when there was one. */
export class ProviderError extends FeedgraphError {
  readonly provider: ProviderId;
  readonly status: number | null;

  constructor(provider: ProviderId, code: ErrorCode, message: string, options: { status?: number | null; details?: ErrorDetails } = {}) {
    super(code, `${provider}: ${message}`, { ...options.details, provider });
    this.name = 'ProviderError';
    this.provider = provider;
    this.status = options.status ?? null;
  }
}

export function badUserInput(message: string, details: ErrorDetails = {}): FeedgraphError {
  return new FeedgraphError('BAD_USER_INPUT', message, details);
}
