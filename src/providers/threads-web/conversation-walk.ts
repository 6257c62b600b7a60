import type { DroppedItem, Page, Post, PostLink, Reply } from '../../domain.js';
import { FeedgraphError } from '../../errors.js';
import type { ConversationPage, ReplyChain } from './map.js';

/**
 * One post whose replies are being read: which vendor page of them, how many chains of it are done, its depth,
 * and the reply already shown inline under it (handed out with its whole subtree before this frame is read).
 */
interface Frame {
  post: string;
  token: string | null;
  skip: number;
  depth: number;
  shown: string | null;
}

/** Reads one vendor page of the reply chains under a post (through the request's shared vendor calls). */
export type ConversationReader = (postId: string, token: string | null) => Promise<ConversationPage>;

/** A bound on nesting, against a vendor that lists a post among its own descendants. */
const MAX_DEPTH = 64;

/**
 * Every reply under `rootId`, at every depth, each once, depth-first: a reply, then the replies under it, in
 * the vendor's order (by reply time). The web lists under a post one chain per direct reply: the reply and the
 * answer shown inline under it, and so on down. A chain is handed out whole; then each of its posts whose
 * `replyCount` says it has more than that has its own replies read (deepest first), skipping the inline answer
 * already handed out. So a reply count the vendor cannot honour (hidden or deleted replies) loses nothing.
 * One call is one step of the walk, ending where it must read another vendor page; the returned token (sealed
 * inside the graph's cursors, never shown) is the stack of posts whose replies are still being read.
 */
export async function conversationStep(read: ConversationReader, rootId: string, token: string | null): Promise<Page<Reply>> {
  const stack = token === null ? [{ post: rootId, token: null, skip: 0, depth: 0, shown: null }] : decodeStack(token);
  const items: Reply[] = [];
  const dropped: DroppedItem[] = [];
  const step = (nextToken: string | null): Page<Reply> => ({ items, nextToken, ...(dropped.length > 0 ? { dropped } : {}) });
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    const page = await read(frame.post, frame.token);
    const parentOfHeads = linkToPost(page, frame.post);
    for (let chainIndex = frame.skip; chainIndex < page.chains.length; chainIndex += 1) {
      const chain = page.chains[chainIndex]!;
      if (frame.shown !== null && chain.posts[0]?.post.nativeId === frame.shown) continue;
      dropped.push(...chain.dropped.map((item) => ({ ...item, index: chainIndex, position: items.length })));
      const unread = handOut(chain, frame, parentOfHeads, items).filter((below) => canDescend(stack, below.post));
      if (unread.length > 0) {
        frame.skip = chainIndex + 1;
        stack.push(...unread);
        return step(encodeStack(stack));
      }
    }
    if (page.nextToken) {
      Object.assign(frame, { token: page.nextToken, skip: 0 });
      return step(encodeStack(stack));
    }
    stack.pop();
  }
  return step(null);
}

/** Hands out a chain's posts; returns, outermost first, a frame for each post with more replies than the chain shows. */
function handOut(chain: ReplyChain, frame: Frame, parentOfHeads: PostLink, items: Reply[]): Frame[] {
  const unread: Frame[] = [];
  chain.posts.forEach(({ post, index }, position) => {
    const previous = chain.posts[position - 1];
    const parent = index === 0 ? parentOfHeads : previous?.index === index - 1 ? link(previous.post) : null;
    const depth = frame.depth + 1 + index;
    items.push({ post: { ...post, isReply: true }, depth, parent });
    const inline = chain.posts[position + 1]?.index === index + 1 ? chain.posts[position + 1]!.post.nativeId : null;
    const shownCount = index < chain.length - 1 ? 1 : 0;
    if ((post.replyCount ?? 0) > shownCount) unread.push({ post: post.nativeId, token: null, skip: 0, depth, shown: inline });
  });
  return unread;
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
  return JSON.stringify(stack.map((frame) => [frame.post, frame.token, frame.skip, frame.depth, frame.shown]));
}

function decodeStack(token: string): Frame[] {
  try {
    const frames = JSON.parse(token) as unknown;
    if (Array.isArray(frames) && frames.length > 0 && frames.every(isFrame)) {
      return frames.map(([post, pageToken, skip, depth, shown]) => ({ post, token: pageToken, skip, depth, shown }));
    }
  } catch {
    // Falls through to the error below.
  }
  throw new FeedgraphError('BAD_CURSOR', 'Invalid cursor: it does not point into this conversation.');
}

function isFrame(value: unknown): value is [string, string | null, number, number, string | null] {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    typeof value[0] === 'string' &&
    (typeof value[1] === 'string' || value[1] === null) &&
    Number.isInteger(value[2]) &&
    Number.isInteger(value[3]) &&
    (typeof value[4] === 'string' || value[4] === null)
  );
}
