import { z } from 'zod';
import type { ProviderId } from '../domain.js';
import type { AnyProviderDescriptor } from '../providers/descriptor.js';
import { VENDOR_OPERATIONS } from './vendor-operations.js';

/** One quota: a provider's calls (or credits) over a window, for all its operations or for the ones named. */
export interface QuotaRule {
  /** How it is written in QUOTAS, e.g. `threads-graph.profileLookup+profilePosts`: names it in errors, metrics and `extensions.cost`. */
  name: string;
  provider: ProviderId;
  /** The vendor operations that share it; null for every operation of the provider. */
  operations: readonly string[] | null;
  limit: number;
  unit: 'calls' | 'credits';
  windowSeconds: number;
  /** Rolling windows are enforced conservatively on fixed ones (src/quota/quotas.ts). */
  rolling: boolean;
}

/** Meta's profile discovery (seed 003): 1,000 requests per rolling 24 hours per user, whichever endpoint. */
export const DEFAULT_QUOTAS = 'threads-graph.profileLookup+profilePosts=1000/24h-rolling';

const ENTRY = /^(?<target>[^=]+)=(?<limit>\d+)(?<credits>credits)?\/(?<length>\d+)(?<unit>[smhd])(?<rolling>-rolling)?$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;
const SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const SYNTAX = 'provider[.operation[+operation…]]=limit[credits]/window[-rolling], window like 30s, 15m, 24h or 1d';

/** `QUOTAS`: unset gives Meta's documented limit, `none` gives no quota, anything else exactly the quotas listed. */
export function quotasVariable(descriptors: readonly AnyProviderDescriptor[]) {
  return z
    .preprocess((value) => (value === '' ? undefined : value), z.string().trim().optional())
    .transform((value, context) => {
      if (value === 'none') return [];
      const rules: QuotaRule[] = [];
      for (const [index, entry] of (value ?? DEFAULT_QUOTAS)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .entries()) {
        const parsed = ruleOf(entry, descriptors);
        if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: `entry ${index + 1} ("${entry}"): ${parsed}` });
        else if (rules.some((rule) => rule.name === parsed.name))
          context.addIssue({ code: 'custom', message: `entry ${index + 1} ("${entry}"): ${parsed.name} has a quota already` });
        else rules.push(parsed);
      }
      return rules;
    });
}

/** The rule an entry describes, or what is wrong with it. */
function ruleOf(entry: string, descriptors: readonly AnyProviderDescriptor[]): QuotaRule | string {
  const groups = ENTRY.exec(entry)?.groups;
  if (!groups?.target || !groups.limit || !groups.length || !groups.unit) return `not ${SYNTAX}`;
  const [providerName = '', operationList] = groups.target.split('.', 2) as [string, string | undefined];
  const descriptor = descriptors.find((candidate) => candidate.id === providerName);
  if (!descriptor) return `"${providerName}" is not a provider (choose from ${descriptors.map((candidate) => candidate.id).join(', ')})`;
  const provider = descriptor.id as ProviderId;
  const operations = operationList === undefined ? null : operationList.split('+');
  const known = (VENDOR_OPERATIONS as Partial<Record<string, readonly string[]>>)[provider];
  for (const operation of operations ?? []) {
    if (!IDENTIFIER.test(operation) || (known && !known.includes(operation)))
      return `"${operation}" is not a vendor operation of ${provider}${known ? ` (choose from ${known.join(', ')})` : ''}`;
  }
  const limit = Number(groups.limit);
  const rolling = groups.rolling !== undefined;
  const unit = groups.credits ? 'credits' : 'calls';
  if (unit === 'credits' && descriptor.creditsPerCall === undefined) return `${provider} does not bill in credits: count its calls`;
  if (limit < (rolling ? 2 : 1)) return rolling ? 'a rolling quota needs a limit of at least 2' : 'the limit must be at least 1';
  if (limit > 1_000_000_000) return 'the limit must be at most 1000000000';
  const windowSeconds = Number(groups.length) * SECONDS[groups.unit as keyof typeof SECONDS];
  if (windowSeconds < 1 || windowSeconds > 366 * 86_400) return 'the window must be between 1s and 366d';
  return { name: groups.target, provider, operations, limit, unit, windowSeconds, rolling };
}
