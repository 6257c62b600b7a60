import { z } from 'zod';
import { igMedia, igUser } from '../instagram-media/payloads.js';
import { checkedList } from '../items.js';

/** Every answer is HTTP 200 with `code`: 0 is success, anything else is an error described by `message`. */
export const envelope = z.object({
  code: z.number(),
  message: z.string().nullish(),
  msg: z.string().nullish(),
  data: z.unknown().nullish(),
});

/** JustOneAPI sends the time three ways (`taken_at`, `taken_at_ts`, `taken_at_date`); any one of them dates the post. */
const justOneMedia = igMedia.extend({ taken_at_ts: z.number().nullish(), taken_at_date: z.string().nullish() });
export type JustOneMedia = z.infer<typeof justOneMedia>;

export const userPostsData = z.object({
  data: z.object({
    count: z.number().nullish(),
    items: checkedList(justOneMedia),
    user: igUser.nullish(),
  }),
  pagination_token: z.string().nullish(),
});
export type UserPostsData = z.infer<typeof userPostsData>;
