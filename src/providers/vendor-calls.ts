import type { ProviderId } from '../domain.js';

/** One vendor request: an endpoint of one provider and the arguments that make its answer distinct. */
export interface VendorRequest {
  /** The vendor endpoint, named like the client method that calls it (a metric label: a small fixed set). */
  operation: string;
  args: readonly unknown[];
  /** How long its answer may serve other requests (the cross-request cache). */
  ttlSeconds: number;
}

/**
 * What a provider operation fetches through: equal vendor requests within one GraphQL request share one
 * call (and the cross-request cache), whichever capability asks, so `post`, `thread` and `replies` over the
 * same conversation cost one call. `fetch` returns the mapped answer, so a cached answer is not re-mapped.
 */
export interface VendorCalls {
  once<T>(provider: ProviderId, request: VendorRequest, fetch: () => Promise<T>): Promise<T>;
  /** The credits a vendor reports a call cost (SociaVault's `credits_used`), told from inside that call's `fetch`. */
  creditsSpent?(provider: ProviderId, credits: number): void;
}

/** Cross-request lifetimes: pages must outlive a reader's pause between "next page" clicks. */
export const TTL_SECONDS = { profile: 300, post: 300, posts: 180, replies: 120, likers: 120, friendships: 300, search: 120 } as const;
