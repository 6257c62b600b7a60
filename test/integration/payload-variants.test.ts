import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import {
  applyMutations,
  benignFamilies,
  damageFamily,
  explain,
  judge,
  serve,
  VENDOR_OPERATIONS,
  type Family,
  type Mutation,
} from '../support/payload-variants/index.js';

/**
 * Vendor payloads varied the way vendors really vary them (read from the seeds), served by the fakes and read back
 * through the graph: every item that keeps its identity arrives with the values the vendor sent, in order, with no
 * error; one damaged item is left out with exactly one UPSTREAM_BAD_ITEM error on its connection.
 */

const fakes = useFakeUpstreams();
const RUNS = { family: 8, together: 25, damaged: 25 };
// Each run is judged alone: a bad answer must not open the circuit for the next run, nor be retried.
const ISOLATED = { CIRCUIT_BREAKER_FAILURES: '1000', UPSTREAM_RETRIES: '0' };

for (const operation of VENDOR_OPERATIONS)
  describe(`${operation.name}, varied as the vendor varies it`, () => {
    let graph: GraphServer;
    const families = benignFamilies(operation.document, operation.sites);
    const damaged = damageFamily(operation.document, operation.sites);

    async function answer(mutations: readonly Mutation[]) {
      const document = applyMutations(operation.document, mutations);
      serve(fakes.servers[operation.provider], operation, document);
      return { document, result: await graph.query<Record<string, unknown>, never>(operation.query) };
    }

    async function check(mutations: readonly Mutation[]): Promise<void> {
      const { document, result } = await answer(mutations);
      judge(operation, document, result);
    }

    beforeAll(async () => {
      graph = await GraphServer.start(envFor(fakes, operation.adapters, ISOLATED));
    });

    afterAll(async () => {
      await graph.close();
    });

    afterEach(() => {
      fakes.servers[operation.provider].override(null);
    });

    it('shows the unvaried vendor document exactly', async () => {
      await check([]);
    });

    for (const family of families) {
      it(`keeps every item exact: ${family.name}`, async () => {
        await fc.assert(fc.asyncProperty(family.arbitrary, check), {
          numRuns: family.name === 'every variant at once' ? RUNS.together : RUNS.family,
        });
      });
    }

    if (damaged) {
      const contract =
        operation.kind === 'list'
          ? 'leaves out one damaged item with one UPSTREAM_BAD_ITEM error, keeping the others'
          : 'answers a damaged object with null and one error, never an invented value';
      it(contract, async () => {
        await fc.assert(fc.asyncProperty(damaged.arbitrary, check), { numRuns: RUNS.damaged });
      });
    }

    // Every kind of variant alone, once per field: the failures come back as one list, a checklist for the adapter.
    it('holds for each kind of variant alone', async () => {
      const failures: string[] = [];
      for (const family of [...families, ...(damaged ? [damaged] : [])] satisfies Family[]) {
        for (const example of family.examples) {
          const { document, result } = await answer(example.mutations);
          try {
            judge(operation, document, result);
          } catch {
            failures.push(`${family.name}: ${example.label} -> ${explain(operation, document, result)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });
