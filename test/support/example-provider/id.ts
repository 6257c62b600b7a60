import type { ProviderId } from '../../../src/domain.js';

/** Not one of the shipped ids: only this test registers it, so it is named a ProviderId here, once. */
export const EXAMPLE_ID = 'postbox' as ProviderId;
