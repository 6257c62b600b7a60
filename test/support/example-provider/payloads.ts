import { z } from 'zod';
import { checkedList } from '../../../src/providers/items.js';

/** Postbox's posts answer: only the fields the adapter reads; each post is checked on its own. */
export const postsResponse = z.object({
  user: z.object({ handle: z.string(), name: z.string().nullish(), followers: z.number().int().nullish() }),
  posts: checkedList(
    z.object({
      id: z.string(),
      text: z.string().nullish(),
      created_at: z.iso.datetime({ offset: true }),
      likes: z.number().int().nullish(),
    }),
  ),
  next_cursor: z.string().nullish(),
});
export type PostsResponse = z.infer<typeof postsResponse>;

export const errorBody = z.object({ message: z.string() });
