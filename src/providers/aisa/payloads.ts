import { z } from 'zod';
import { igMedia, igUser } from '../instagram-media/payloads.js';
import { checkedList } from '../items.js';

export const userPostsResponse = z.object({
  items: checkedList(igMedia),
  next_max_id: z.string().nullish(),
  more_available: z.boolean().nullish(),
  num_results: z.number().nullish(),
  user: igUser.nullish(),
});
export type UserPostsResponse = z.infer<typeof userPostsResponse>;
