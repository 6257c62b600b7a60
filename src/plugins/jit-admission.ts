import type { DocumentNode, ExecutionArgs } from 'graphql';

/**
 * Which documents graphql-jit compiles. graphql-jit keeps about 45 KB for good for every document it compiles
 * (measured: `compileQuery` alone, nothing else holding the result, grows the heap 44 MB per 1,000 documents),
 * so a client sending distinct documents (an alias renamed each time) would grow the process without bound.
 * A document is compiled on its second execution, and at most `limit` documents ever are; the rest run on
 * graphql-js, a little slower and keeping nothing.
 */
export function jitAdmission(limit: number): (args: ExecutionArgs) => boolean {
  const seenOnce = new WeakSet<DocumentNode>();
  const compiled = new WeakSet<DocumentNode>();
  let compilations = 0;
  return ({ document }) => {
    if (compiled.has(document)) return true;
    if (!seenOnce.has(document)) {
      seenOnce.add(document);
      return false;
    }
    if (compilations >= limit) return false;
    compilations += 1;
    compiled.add(document);
    return true;
  };
}
