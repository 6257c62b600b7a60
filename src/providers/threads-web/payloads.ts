import { z } from 'zod';
import { igMedia, igUser } from '../instagram-media/payloads.js';
import { checkedList } from '../items.js';

const threadItem = z.object({ post: igMedia });
/** A thread is a chain of posts, each replying to the one before; each post is checked on its own. */
const thread = z.object({ thread_items: checkedList(threadItem), id: z.union([z.string(), z.number()]).nullish() });
export type WebThread = z.infer<typeof thread>;

/** Public GraphQL answers are HTTP 200 even on failure: `errors` instead of (or beside) `data`. */
const graphqlErrors = z.array(z.object({ message: z.string().nullish(), summary: z.string().nullish() })).nullish();

export const publicUserResponse = z.object({
  data: z.object({ userData: z.object({ user: igUser.nullish() }).nullish() }).nullish(),
  errors: graphqlErrors,
});

export type PublicUserResponse = z.infer<typeof publicUserResponse>;

export const publicThreadsResponse = z.object({
  data: z.object({ mediaData: z.object({ threads: checkedList(thread).nullish() }).nullish() }).nullish(),
  errors: graphqlErrors,
});
export type PublicThreadsResponse = z.infer<typeof publicThreadsResponse>;

const conversation = z.object({
  containing_thread: thread,
  reply_threads: checkedList(thread).nullish(),
});
export type Conversation = z.infer<typeof conversation>;

export const publicThreadResponse = z.object({
  data: z.object({ data: conversation.nullish() }).nullish(),
  errors: graphqlErrors,
});

export type PublicThreadResponse = z.infer<typeof publicThreadResponse>;

export const publicLikersResponse = z.object({
  data: z.object({ likers: z.object({ users: checkedList(igUser) }).nullish() }).nullish(),
  errors: graphqlErrors,
});
export type PublicLikersResponse = z.infer<typeof publicLikersResponse>;

export const privateUserResponse = z.object({ user: igUser, status: z.string().nullish() });
export type PrivateUserResponse = z.infer<typeof privateUserResponse>;

export const privateThreadsResponse = z.object({
  threads: checkedList(thread),
  next_max_id: z.string().nullish(),
  status: z.string().nullish(),
});
export type PrivateThreadsResponse = z.infer<typeof privateThreadsResponse>;

export const privateRepliesResponse = conversation.extend({
  paging_tokens: z.object({ downwards: z.string().nullish() }).nullish(),
  downwards_thread_will_continue: z.boolean().nullish(),
});
export type PrivateRepliesResponse = z.infer<typeof privateRepliesResponse>;

export const privateUsersResponse = z.object({
  users: checkedList(igUser),
  next_max_id: z.union([z.string(), z.number()]).nullish(),
  has_more: z.boolean().nullish(),
  status: z.string().nullish(),
});
export type PrivateUsersResponse = z.infer<typeof privateUsersResponse>;

export const errorBody = z.object({ message: z.string().nullish(), status: z.string().nullish(), error_type: z.string().nullish() });

/** Meta's ajax error envelope, which the web sends behind a `for (;;);` prefix. */
export const webRefusal = z.object({ error: z.number(), errorSummary: z.string().nullish(), errorDescription: z.string().nullish() });
