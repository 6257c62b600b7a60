import type { DroppedItem, Liker, Page, Post, PostLink, Reply, Thread, User } from '../../domain.js';
import { ProviderError, type ErrorCode } from '../../errors.js';
import { codeForStatus, type VendorError } from '../http.js';
import { mapIgMedia, mapIgUser } from '../instagram-media/map.js';
import type { IgUser } from '../instagram-media/payloads.js';
import { droppedOf, mapChecked, UnmappableItem, type CheckedList } from '../items.js';
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

function mapLiker(user: IgUser): Liker {
  return { user: mapIgUser(user, CONTEXT, false), followerCount: user.follower_count ?? null };
}

/** A post of a thread chain, with its index in the chain (a dropped neighbour breaks the parent link). */
interface ChainPost {
  post: Post;
  index: number;
}

/** One reply chain under a post: a direct reply, then the answers the vendor shows inline, each replying to the one before. */
export interface ReplyChain {
  posts: ChainPost[];
  /** How many posts the vendor sent in the chain, mapped or not. */
  length: number;
  dropped: DroppedItem[];
}

/** A conversation as the web serves it: the thread (root and continuation) and one page of reply chains under it. */
export interface ConversationPage {
  thread: Thread;
  chains: ReplyChain[];
  nextToken: string | null;
  /** Every item this answer left out, for the log and the metric; the walk reports each where it passes it. */
  dropped?: DroppedItem[];
}

function chainOf(thread: WebThread): ReplyChain {
  const { items, dropped } = mapChecked(thread.thread_items, (item, index) => ({ post: mapIgMedia(item.post, CONTEXT), index }));
  return { posts: items, length: thread.thread_items.entries.length + thread.thread_items.rejected.length, dropped };
}

/** The first post of a thread, or why there is none: a profile lists a thread by its first post. */
function firstPostOf(thread: WebThread): Post {
  const chain = chainOf(thread);
  const first = chain.posts[0];
  if (first?.index !== 0) throw new UnmappableItem(`thread_items.0.${chain.dropped[0]?.reason ?? 'missing'}`);
  return first.post;
}

function linkTo(post: Post): PostLink {
  return { platform: 'THREADS', nativeId: post.nativeId, embedded: post };
}

/** A profile "thread" is the post followed by the author's own continuation; the profile lists the first. */
export function mapProfilePosts(threads: CheckedList<WebThread>): { items: Post[]; dropped: DroppedItem[] } {
  return mapChecked(threads, firstPostOf);
}

/** A replies-tab thread is [the post replied to, ..., the user's reply]: the last item is the reply. */
export function mapProfileReplies(threads: CheckedList<WebThread>): { items: Reply[]; dropped: DroppedItem[] } {
  const replies = mapChecked(threads, (thread) => {
    const { posts } = chainOf(thread);
    const last = posts.at(-1);
    const total = thread.thread_items.entries.length + thread.thread_items.rejected.length;
    if (!last || last.index !== total - 1) throw new UnmappableItem(`thread_items.${total - 1}: the reply cannot be mapped`);
    if (total < 2) return null;
    const parent = posts.at(-2);
    const rootIsTopLevel = posts[0]?.index === 0 && posts[0].post.isReply === false;
    return {
      post: { ...last.post, isReply: true },
      depth: rootIsTopLevel ? total - 1 : null,
      parent: parent && parent.index === last.index - 1 ? linkTo(parent.post) : null,
    };
  });
  return { items: replies.items.filter((reply): reply is Reply => reply !== null), dropped: replies.dropped };
}

/** The post page's thread: the root and its author's continuation posts. */
export function mapThread(conversation: Conversation): Thread {
  const { posts } = chainOf(conversation.containing_thread);
  const root = posts[0];
  if (root?.index !== 0) throw new UnmappableItem('containing_thread: the root post cannot be mapped');
  return { platform: 'THREADS', root: root.post, items: posts.map(({ post }) => post), source: 'threads-web' };
}

export function mapConversation(conversation: Conversation, nextToken: string | null): ConversationPage {
  const replyThreads = conversation.reply_threads ?? { entries: [], rejected: [] };
  const mapped = mapChecked(replyThreads, chainOf);
  const dropped = [...mapped.dropped, ...mapped.items.flatMap((chain) => chain.dropped)];
  return { thread: mapThread(conversation), chains: mapped.items, nextToken, ...droppedOf(dropped) };
}

export function mapPublicConversation(response: PublicThreadResponse): ConversationPage | null {
  const conversation = response.data?.data;
  return conversation ? mapConversation(conversation, null) : null;
}

/** The mobile API pages reply chains with `paging_tokens.downwards` while `downwards_thread_will_continue`. */
export function mapPrivateConversation(response: PrivateRepliesResponse): ConversationPage {
  return mapConversation(response, response.downwards_thread_will_continue ? (response.paging_tokens?.downwards ?? null) : null);
}

/** The mobile API pages profile tabs with `next_max_id`; the web GraphQL answers one page. */
export function mapPrivatePostsPage(response: PrivateThreadsResponse): Page<Post> {
  const { items, dropped } = mapProfilePosts(response.threads);
  return { items, nextToken: response.next_max_id || null, ...droppedOf(dropped) };
}

export function mapPrivateRepliesPage(response: PrivateThreadsResponse): Page<Reply> {
  const { items, dropped } = mapProfileReplies(response.threads);
  return { items, nextToken: response.next_max_id || null, ...droppedOf(dropped) };
}

const NO_THREADS: CheckedList<WebThread> = { entries: [], rejected: [] };

export function mapPublicPostsPage(response: PublicThreadsResponse): Page<Post> {
  const { items, dropped } = mapProfilePosts(response.data?.mediaData?.threads ?? NO_THREADS);
  return { items, nextToken: null, ...droppedOf(dropped) };
}

export function mapPublicRepliesPage(response: PublicThreadsResponse): Page<Reply> {
  const { items, dropped } = mapProfileReplies(response.data?.mediaData?.threads ?? NO_THREADS);
  return { items, nextToken: null, ...droppedOf(dropped) };
}

export function mapPrivateUser(response: PrivateUserResponse): User {
  return mapUser(response.user);
}

/** Null when the web GraphQL answers `userData: null` (no such user). */
export function mapPublicUser(response: PublicUserResponse): User | null {
  const user = response.data?.userData?.user;
  return user ? mapUser(user) : null;
}

export function mapPublicLikers(response: PublicLikersResponse): Page<Liker> {
  const { items, dropped } = mapChecked(response.data?.likers?.users ?? { entries: [], rejected: [] }, mapLiker);
  return { items, nextToken: null, ...droppedOf(dropped) };
}

export function mapPrivateLikers(response: PrivateUsersResponse): Page<Liker> {
  const { items, dropped } = mapChecked(response.users, mapLiker);
  return { items, nextToken: null, ...droppedOf(dropped) };
}

export function mapUsersPage(response: PrivateUsersResponse): Page<User> {
  const next = response.next_max_id === null || response.next_max_id === undefined ? null : String(response.next_max_id);
  const { items, dropped } = mapChecked(response.users, (user) => mapIgUser(user, CONTEXT, false));
  return { items, nextToken: next || null, ...droppedOf(dropped) };
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
