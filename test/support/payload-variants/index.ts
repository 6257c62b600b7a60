/**
 * Every vendor operation the payload-variation tests drive. A new vendor gets the tests by adding its module here.
 */
import { aisaOperations } from './aisa.js';
import { justoneapiOperations } from './justoneapi.js';
import type { VendorOperation } from './operation.js';
import { sociavaultOperations } from './sociavault.js';
import { threadsGraphOperations } from './threads-graph.js';
import { threadsWebOperations } from './threads-web.js';

export const VENDOR_OPERATIONS: VendorOperation[] = [
  ...sociavaultOperations,
  ...aisaOperations,
  ...justoneapiOperations,
  ...threadsGraphOperations,
  ...threadsWebOperations,
];

export { applyMutations, benignFamilies, damageFamily, type Family, type Mutation } from './engine.js';
export { explain, judge, serve } from './judge.js';
export type { VendorOperation } from './operation.js';
