import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CostLedger } from '../cost/ledger.js';

/**
 * Adds `extensions.cost` to every executed result, refusals by the operation's price included: what the request
 * was priced at and what it really cost (src/cost/ledger.ts). Place it before useOperationCost, whose refusal
 * stops the execute hooks after it.
 */
export function useCostExtension(ledgerOf: (context: unknown) => CostLedger | undefined): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const ledger = ledgerOf(args.contextValue);
          if (!ledger || Symbol.asyncIterator in result) return;
          const execution = result as ExecutionResult;
          setResult({ ...execution, extensions: { ...execution.extensions, cost: ledger.summary } });
        },
      };
    },
  };
}
