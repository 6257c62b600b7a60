import type { GraphContext } from '../context.js';
import type { Post, Thread, User } from '../domain.js';
import { parseNodeId, parsePostNodeId } from './node-ids.js';

/** Reads the object behind a global id's local part: `node`, `nodes` and federation's `_entities` share these. */
export function userByNodeId(id: string, context: GraphContext): Promise<User> {
  const { platform, key } = parseNodeId(id, (rules) => rules.handle);
  return context.services.forPlatform(platform).userByUsername(key);
}

export function postByNodeId(id: string, context: GraphContext): Promise<Post> {
  const { platform, nativeId, owner } = parsePostNodeId(id);
  return context.services.forPlatform(platform).postById(nativeId, owner);
}

/** A thread's id is its root post's. */
export function threadByNodeId(id: string, context: GraphContext): Promise<Thread> {
  const { platform, nativeId } = parsePostNodeId(id);
  return context.services.forPlatform(platform).thread({ nativeId, shortcode: null });
}
