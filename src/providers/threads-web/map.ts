import type { Liker, Page, Post, PostLink, Reply, Thread, User } from '../../domain.js';
import { ProviderError, type ErrorCode } from '../../errors.js';
import { codeForStatus, type VendorError } from '../http.js';
import { mapIgMedia, mapIgUser } from '../instagram-media/map.js';
import type { IgUser } from '../instagram-media/payloads.js';
import {
  errorBody,
  type Conversation,
  type PrivateRepliesResponse,
  type PrivateThreadsResponse,
  type PrivateUserResponse,
  type PrivateUsersResponse,
  type PublicLikersResponse,
  type PublicThreadResponse,
  type PublicThreadsResponse,
  type PublicUserResponse,
  type WebThread,
  webRefusal,
} from './payloads.js';

const CONTEXT = { platform: 'THREADS', source: 'threads-web' } as const;

export function mapUser(user: IgUser): User {
  return mapIgUser(user, CONTEXT, true);
}

export function mapLiker(user: IgUser): Liker {
  return { user: mapIgUser(user, CONTEXT, false), followerCount: user.follower_count ?? null };
}

function postsOf(thread: WebThread): Post[] {
  return thread.thread_items.map((item) => mapIgMedia(item.post, CONTEXT));
}

function linkTo(post: Post): PostLink {
  return { platform: 'THREADS', nativeId: post.nativeId, embedded: post };
}

/** A profile "thread" is the post followed by the author's own continuation; the profile lists the first. */
export function mapProfilePosts(threads: WebThread[]): Post[] {
  return threads.flatMap((thread) => postsOf(thread).slice(0, 1));
}

/** A replies-tab thread is [the post replied to, ..., the user's reply]: the last item is the reply. */
export function mapProfileReplies(threads: WebThread[]): Reply[] {
  return threads.flatMap((thread) => {
    const posts = postsOf(thread);
    const reply = posts.at(-1);
    if (!reply || posts.length < 2) return [];
    const parent = posts.at(-2) ?? null;
    const rootIsTopLevel = posts[0]?.isReply === false;
    return [{ post: { ...reply, isReply: true }, depth: rootIsTopLevel ? posts.length - 1 : null, parent: parent ? linkTo(parent) : null }];
  });
}

export function mapThread(conversation: Conversation): Thread {
  const items = postsOf(conversation.containing_thread);
  const root = items[0];
  if (!root) throw new Error('empty containing_thread');
  return { platform: 'THREADS', root, items, source: 'threads-web' };
}

/** Each reply thread is a chain: item j is at depth j + 1 and replies to item j - 1 (or the root). */
export function mapConversationReplies(conversation: Conversation, directOnly: boolean): Reply[] {
  const root = mapThread(conversation).root;
  return (conversation.reply_threads ?? []).flatMap((thread) => {
    const posts = postsOf(thread);
    const chain = directOnly ? posts.slice(0, 1) : posts;
    return chain.map((post, index) => {
      const parent = index === 0 ? root : posts[index - 1];
      return { post: { ...post, isReply: true }, depth: index + 1, parent: parent ? linkTo(parent) : null };
    });
  });
}

/** The mobile API pages profile tabs with `next_max_id`; the web GraphQL answers one page. */
export function mapPrivatePostsPage(response: PrivateThreadsResponse): Page<Post> {
  return { items: mapProfilePosts(response.threads), nextToken: response.next_max_id || null };
}

export function mapPrivateRepliesPage(response: PrivateThreadsResponse): Page<Reply> {
  return { items: mapProfileReplies(response.threads), nextToken: response.next_max_id || null };
}

export function mapPublicPostsPage(response: PublicThreadsResponse): Page<Post> {
  return { items: mapProfilePosts(response.data?.mediaData?.threads ?? []), nextToken: null };
}

export function mapPublicRepliesPage(response: PublicThreadsResponse): Page<Reply> {
  return { items: mapProfileReplies(response.data?.mediaData?.threads ?? []), nextToken: null };
}

export function mapPrivateUser(response: PrivateUserResponse): User {
  return mapUser(response.user);
}

/** Null when the web GraphQL answers `userData: null` (no such user). */
export function mapPublicUser(response: PublicUserResponse): User | null {
  const user = response.data?.userData?.user;
  return user ? mapUser(user) : null;
}

export function publicConversationOf(response: PublicThreadResponse): Conversation | null {
  return response.data?.data ?? null;
}

export function mapPublicLikers(response: PublicLikersResponse): Page<Liker> {
  return { items: (response.data?.likers?.users ?? []).map(mapLiker), nextToken: null };
}

export function mapPrivateLikers(response: PrivateUsersResponse): Page<Liker> {
  return { items: response.users.map(mapLiker), nextToken: null };
}

export function privateRepliesToken(response: PrivateRepliesResponse): string | null {
  return response.downwards_thread_will_continue ? (response.paging_tokens?.downwards ?? null) : null;
}

export function mapUsersPage(response: PrivateUsersResponse): Page<User> {
  const next = response.next_max_id === null || response.next_max_id === undefined ? null : String(response.next_max_id);
  return { items: response.users.map((user) => mapIgUser(user, CONTEXT, false)), nextToken: next || null };
}

/** Finds the user id that the profile page embeds as "user_id":"123". */
export function userIdInProfilePage(html: string): string | null {
  return /"user_id":"(\d+)"/.exec(html)?.[1] ?? null;
}

/** Finds the post id that the post page embeds as {"post_id":"123"}. */
export function postIdInPostPage(html: string): string | null {
  return /"post_id":"(\d+)"/.exec(html)?.[1] ?? null;
}

/** The anonymous `lsd` token the web app reads from the page: "LSD",[],{"token":"..."}. */
export function lsdTokenInPage(html: string): string | null {
  return /"LSD",\[\],\{"token":"([\w-]+)"\}/.exec(html)?.[1] ?? null;
}

/** Mobile API errors are `{"message": "login_required", "status": "fail"}`-shaped; the web's are Meta's ajax envelope. */
export function parseError(status: number, body: unknown, text = ''): VendorError | null {
  const refusal = webRefusalError(text);
  if (refusal) return refusal;
  const parsed = errorBody.safeParse(body);
  if (!parsed.success || !parsed.data.message) return null;
  const message = parsed.data.message;
  if (message === 'login_required' || message === 'checkpoint_required') return { code: 'UNAUTHENTICATED', message };
  return { code: codeForStatus(status), message };
}

const EXPIRED_SESSION = 1357004;
const LOGIN_REQUIRED = 1357001;

/** Meta's ajax error codes: the web's refusals are never about the caller's input, so the fallback blames the vendor. */
function codeForWebRefusal(code: number): ErrorCode {
  if (code === LOGIN_REQUIRED) return 'UNAUTHENTICATED';
  return 'UPSTREAM_UNAVAILABLE';
}

/**
 * The web's refusal of a request, `for (;;);{"__ar":1,"error":1357004,"errorSummary":…}` whatever the HTTP status.
 * 1357004 means the anonymous session (the lsd token) expired: a blind retry cannot help, a fresh token can.
 */
export function webRefusalError(text: string): VendorError | null {
  const envelope = text.trimStart().replace(/^for \(;;\);/, '');
  if (!envelope.startsWith('{')) return null;
  let body: unknown;
  try {
    body = JSON.parse(envelope);
  } catch {
    return null;
  }
  const parsed = webRefusal.safeParse(body);
  if (!parsed.success) return null;
  const { error, errorSummary, errorDescription } = parsed.data;
  const reason = `${error}: ${[errorSummary, errorDescription].filter(Boolean).join(' ') || 'no reason given'}`;
  const expired = error === EXPIRED_SESSION;
  return {
    code: codeForWebRefusal(error),
    message: `the web refused ${expired ? 'the anonymous session' : 'the request'} (${reason})`,
    details: expired ? { retryable: false, webSession: 'EXPIRED' } : { retryable: false },
  };
}

/** Whether an error is the web's refusal of an expired anonymous session, which a fresh lsd token cures. */
export function isExpiredWebSession(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.details.webSession === 'EXPIRED';
}
