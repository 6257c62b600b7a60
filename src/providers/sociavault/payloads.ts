import { z } from 'zod';
import { checkedList } from '../items.js';
import { igMedia } from '../instagram-media/payloads.js';

/**
 * SociaVault serialises every array as an object keyed "0", "1", ... (posts, image candidates,
 * text fragments, video versions). This turns such objects back into arrays, in key order.
 */
export function indexedObjectsToArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(indexedObjectsToArrays);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const isIndexed = entries.length > 0 && entries.every(([key]) => /^(0|[1-9]\d*)$/.test(key));
  if (isIndexed) {
    return entries.sort(([left], [right]) => Number(left) - Number(right)).map(([, item]) => indexedObjectsToArrays(item));
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, indexedObjectsToArrays(item)]));
}

export const userPostsResponse = z.preprocess(
  indexedObjectsToArrays,
  z.object({
    success: z.boolean().nullish(),
    // An account with no posts comes back as `posts: {}`; each post is checked on its own.
    data: z.object({ posts: checkedList(igMedia) }),
    credits_used: z.number().nullish(),
  }),
);
export type UserPostsResponse = z.infer<typeof userPostsResponse>;

export const errorBody = z.object({
  error: z.string(),
  required: z.number().nullish(),
  available: z.number().nullish(),
  credits_required: z.number().nullish(),
});
