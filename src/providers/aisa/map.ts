import type { Page, Post } from '../../domain.js';
import { parseMessageError } from '../http.js';
import { mapIgMedia, mapIgUser } from '../instagram-media/map.js';
import { droppedOf, mapChecked } from '../items.js';
import type { UserPostsResponse } from './payloads.js';

const CONTEXT = { platform: 'INSTAGRAM', source: 'aisa' } as const;

/** `next_max_id` can linger on the last page; `more_available` is what says whether there is one. */
export function mapPostsPage(response: UserPostsResponse): Page<Post> {
  const context = { ...CONTEXT, fallbackAuthor: response.user };
  const { items, dropped } = mapChecked(response.items, (item) => mapIgMedia(item, context));
  return {
    items,
    nextToken: response.more_available && response.next_max_id ? response.next_max_id : null,
    owner: response.user ? mapIgUser(response.user, CONTEXT, true) : null,
    ...droppedOf(dropped),
  };
}

/** Error bodies carry their message under a plain key (the seed does not say which). */
export const parseError = parseMessageError;
