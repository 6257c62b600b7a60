import type { ProviderId } from '../domain.js';
import type { UpstreamObserver } from '../loaders.js';
import type { QuotaReading } from '../quota/quotas.js';

/** What one GraphQL request cost, as `extensions.cost` shows it. */
export interface CostReport {
  /** The vendor calls the operation was priced at before it ran (what MAX_UPSTREAM_CALLS is checked against). */
  pricedUpstreamCalls: number | null;
  complexity: number | null;
  vendorCalls: { total: number; byProvider: Partial<Record<ProviderId, number>> };
  cacheHits: { local: number; shared: number };
  singleFlightJoins: { process: number; replica: number };
  /** Credits the vendors reported for the calls really made (SociaVault reports them with each answer). */
  creditsSpent: Partial<Record<ProviderId, number>>;
  /** Per provider touched, per quota: what is left and when it resets. */
  quotaLeft: Partial<Record<ProviderId, Record<string, { left: number; unit: 'calls' | 'credits'; resetsAt: string }>>>;
  /** The whole answer was a kept one (RESPONSE_CACHE): nothing was executed, so every count above is 0. */
  servedFromResponseCache: boolean;
}

/** Told of what the ledger counts that Prometheus counts too. */
export interface LedgerMetrics {
  recordJoin(provider: ProviderId, operation: string, where: 'process' | 'replica'): void;
  recordCredits(provider: ProviderId, credits: number): void;
}

/** One request's vendor traffic: the loaders tell it (UpstreamObserver), the cost extension reads it. */
export class CostLedger implements UpstreamObserver {
  private readonly report: CostReport = {
    pricedUpstreamCalls: null,
    complexity: null,
    vendorCalls: { total: 0, byProvider: {} },
    cacheHits: { local: 0, shared: 0 },
    singleFlightJoins: { process: 0, replica: 0 },
    creditsSpent: {},
    quotaLeft: {},
    servedFromResponseCache: false,
  };

  private earliestExpiry = Number.POSITIVE_INFINITY;

  constructor(private readonly metrics: LedgerMetrics | null = null) {}

  /** When the oldest cached vendor answer this request read stops being fresh (epoch ms); Infinity if it read none. */
  get answersFreshUntil(): number {
    return this.earliestExpiry;
  }

  priced(pricedUpstreamCalls: number, complexity: number): void {
    this.report.pricedUpstreamCalls = pricedUpstreamCalls;
    this.report.complexity = complexity;
  }

  cacheHit(_provider: ProviderId, _operation: string, tier: 'local' | 'shared', expiresAt: number): void {
    this.report.cacheHits[tier] += 1;
    this.earliestExpiry = Math.min(this.earliestExpiry, expiresAt);
  }

  joined(provider: ProviderId, operation: string, where: 'process' | 'replica'): void {
    this.report.singleFlightJoins[where] += 1;
    this.metrics?.recordJoin(provider, operation, where);
  }

  vendorCall(provider: ProviderId, _operation: string): void {
    this.report.vendorCalls.total += 1;
    this.report.vendorCalls.byProvider[provider] = (this.report.vendorCalls.byProvider[provider] ?? 0) + 1;
  }

  creditsSpent(provider: ProviderId, credits: number): void {
    this.report.creditsSpent[provider] = (this.report.creditsSpent[provider] ?? 0) + credits;
    this.metrics?.recordCredits(provider, credits);
  }

  quotaRead(reading: QuotaReading): void {
    const quotas = this.report.quotaLeft[reading.provider] ?? {};
    this.report.quotaLeft[reading.provider] = quotas;
    // Concurrent calls' readings arrive in any order: the lowest is the latest.
    const known = quotas[reading.quota];
    if (!known || reading.left < known.left) quotas[reading.quota] = { left: reading.left, unit: reading.unit, resetsAt: reading.resetsAt };
  }

  /** A copy, so the extension keeps what was counted when the result was sent. */
  get summary(): CostReport {
    const { vendorCalls, cacheHits, singleFlightJoins, creditsSpent, quotaLeft } = this.report;
    return {
      ...this.report,
      vendorCalls: { total: vendorCalls.total, byProvider: { ...vendorCalls.byProvider } },
      cacheHits: { ...cacheHits },
      singleFlightJoins: { ...singleFlightJoins },
      creditsSpent: { ...creditsSpent },
      quotaLeft: Object.fromEntries(
        Object.entries(quotaLeft).map(([provider, quotas]) => [
          provider,
          Object.fromEntries(Object.entries(quotas).map(([quota, left]) => [quota, { ...left }])),
        ]),
      ),
    };
  }
}
