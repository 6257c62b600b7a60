import type { DroppedItem, Page, Post, PostLink, Reply } from '../../domain.js';
import { FeedgraphError } from '../../errors.js';
import type { ConversationPage } from './map.js';

/** One post whose replies are being read: which vendor page of them, how many chains of it are done, its depth. */
interface Frame {
  post: string;
  token: string | null;
  skip: number;
  depth: number;
}

/** Reads one vendor page of the reply chains under a post (through the request's shared vendor calls). */
export type ConversationReader = (postId: string, token: string | null) => Promise<ConversationPage>;

/** A bound on nesting, against a vendor that lists a post among its own descendants. */
const MAX_DEPTH = 64;

/**
 * Every reply under `rootId`, at every depth, each once, depth-first: a reply, then the replies under it, in
 * the vendor's order (by reply time). The web shows one answer inline under each reply; when a reply's
 * `replyCount` says it has more, its own conversation is read before the walk moves on. One call of this is
 * one step of the walk, ending where it must read another vendor page; the returned token (sealed inside the
 * graph's cursors, never shown) is the stack of posts still being read.
 */
export async function conversationStep(read: ConversationReader, rootId: string, token: string | null): Promise<Page<Reply>> {
  const stack = token === null ? [{ post: rootId, token: null, skip: 0, depth: 0 }] : decodeStack(token);
  const items: Reply[] = [];
  const dropped: DroppedItem[] = [];
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    const page = await read(frame.post, frame.token);
    const parentOfHeads = linkToPost(page, frame.post);
    for (let chainIndex = frame.skip; chainIndex < page.chains.length; chainIndex += 1) {
      const chain = page.chains[chainIndex]!;
      dropped.push(...chain.dropped.map((item) => ({ ...item, index: chainIndex, position: items.length })));
      for (const [position, { post, index }] of chain.posts.entries()) {
        const previous = chain.posts[position - 1];
        const parent = index === 0 ? parentOfHeads : previous?.index === index - 1 ? link(previous.post) : null;
        const depth = frame.depth + 1 + index;
        items.push({ post: { ...post, isReply: true }, depth, parent });
        const shownInline = index < chain.length - 1 ? 1 : 0;
        if ((post.replyCount ?? 0) > shownInline && canDescend(stack, post.nativeId)) {
          frame.skip = chainIndex + 1;
          stack.push({ post: post.nativeId, token: null, skip: 0, depth });
          return { items, nextToken: encodeStack(stack), ...(dropped.length > 0 ? { dropped } : {}) };
        }
      }
    }
    if (page.nextToken) {
      Object.assign(frame, { token: page.nextToken, skip: 0 });
      return { items, nextToken: encodeStack(stack), ...(dropped.length > 0 ? { dropped } : {}) };
    }
    stack.pop();
  }
  return { items, nextToken: null, ...(dropped.length > 0 ? { dropped } : {}) };
}

/** The direct replies under a post on one vendor page: the head of each chain. */
export function directReplies(page: ConversationPage, postId: string): Page<Reply> {
  const parent = linkToPost(page, postId);
  const items: Reply[] = [];
  const dropped: DroppedItem[] = [];
  page.chains.forEach((chain, chainIndex) => {
    const head = chain.posts[0];
    if (head?.index === 0) items.push({ post: { ...head.post, isReply: true }, depth: 1, parent });
    else dropped.push({ index: chainIndex, position: items.length, reason: chain.dropped[0]?.reason ?? 'thread_items: empty' });
  });
  return { items, nextToken: page.nextToken, ...(dropped.length > 0 ? { dropped } : {}) };
}

function canDescend(stack: Frame[], postId: string): boolean {
  return stack.length < MAX_DEPTH && !stack.some((frame) => frame.post === postId);
}

function link(post: Post): PostLink {
  return { platform: 'THREADS', nativeId: post.nativeId, embedded: post };
}

/** The post whose replies a page lists, embedded when the page carries it (its containing thread). */
function linkToPost(page: ConversationPage, postId: string): PostLink {
  const post = page.thread.items.find((item) => item.nativeId === postId);
  return post ? link(post) : { platform: 'THREADS', nativeId: postId, embedded: null };
}

function encodeStack(stack: Frame[]): string {
  return JSON.stringify(stack.map((frame) => [frame.post, frame.token, frame.skip, frame.depth]));
}

function decodeStack(token: string): Frame[] {
  try {
    const frames = JSON.parse(token) as unknown;
    if (Array.isArray(frames) && frames.length > 0 && frames.every(isFrame)) {
      return frames.map(([post, pageToken, skip, depth]) => ({ post, token: pageToken, skip, depth }));
    }
  } catch {
    // Falls through to the error below.
  }
  throw new FeedgraphError('BAD_CURSOR', 'Invalid cursor: it does not point into this conversation.');
}

function isFrame(value: unknown): value is [string, string | null, number, number] {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === 'string' &&
    (typeof value[1] === 'string' || value[1] === null) &&
    Number.isInteger(value[2]) &&
    Number.isInteger(value[3])
  );
}
