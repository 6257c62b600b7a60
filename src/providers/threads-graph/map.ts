import {
  profileUrl,
  userByHandle,
  type Media,
  type MediaType,
  type Page,
  type Poll,
  type PollOption,
  type Post,
  type PostLink,
  type Reply,
  type User,
} from '../../domain.js';
import type { VendorError } from '../http.js';
import { codeForStatus } from '../http.js';
import { droppedOf, mapChecked } from '../items.js';
import { errorBody, type PagedMedia, type PollAttachment, type Profile, type ThreadsMedia } from './payloads.js';

const SOURCE = 'threads-graph' as const;

export function mapMediaType(value: string | null | undefined): MediaType {
  switch (value) {
    case 'TEXT_POST':
      return 'TEXT';
    case 'IMAGE':
      return 'IMAGE';
    case 'VIDEO':
      return 'VIDEO';
    case 'CAROUSEL_ALBUM':
      return 'CAROUSEL';
    case 'AUDIO':
      return 'AUDIO';
    case 'REPOST_FACADE':
      return 'REPOST';
    default:
      return 'TEXT';
  }
}

export function mapProfile(profile: Profile): User {
  return {
    platform: 'THREADS',
    nativeId: profile.id ?? null,
    username: profile.username,
    fullName: profile.name ?? null,
    biography: profile.biography ?? profile.threads_biography ?? null,
    isVerified: profile.is_verified ?? null,
    // profile_lookup only answers for public profiles.
    isPrivate: false,
    followerCount: profile.follower_count ?? null,
    followingCount: null,
    postCount: null,
    profilePicture: pictureOf(profile.profile_picture_url ?? profile.threads_profile_picture_url),
    url: profileUrl('THREADS', profile.username),
    isComplete: true,
    source: SOURCE,
  };
}

export function mapPost(media: ThreadsMedia): Post {
  const mediaType = mapMediaType(media.media_type);
  return {
    platform: 'THREADS',
    nativeId: media.id,
    shortcode: media.shortcode ?? null,
    url: media.permalink ?? null,
    author: authorOf(media.username, media.owner?.id ?? null),
    text: media.text ?? null,
    createdAt: parseMetaTime(media.timestamp),
    mediaType,
    media: mediaOf(media, mediaType),
    // Engagement counts live behind the insights endpoint, not on media objects.
    likeCount: null,
    replyCount: null,
    repostCount: null,
    quoteCount: null,
    shareCount: null,
    viewCount: null,
    isReply: media.is_reply ?? false,
    replyTo: linkOf(media.replied_to),
    replyToUsername: null,
    quotedPost: linkOf(media.quoted_post),
    repostedPost: linkOf(media.reposted_post),
    // Meta lists neither; the graph reads them from the text when a query asks.
    hashtags: null,
    mentions: null,
    topicTag: media.topic_tag ?? null,
    linkAttachment: media.link_attachment_url ?? null,
    poll: mapPoll(media.poll_attachment),
    source: SOURCE,
  };
}

/** Conversation replies carry only their parent's id; depth 1 is a direct reply to the root. */
export function mapReply(media: ThreadsMedia, rootId: string, depths: Map<string, number>): Reply {
  const parentId = referenceId(media.replied_to);
  const parentDepth = parentId === rootId ? 0 : parentId ? depths.get(parentId) : undefined;
  const depth = parentDepth === undefined ? null : parentDepth + 1;
  if (depth !== null) depths.set(media.id, depth);
  return { post: mapPost(media), depth, parent: linkOf(media.replied_to) };
}

export function mapPoll(attachment: PollAttachment | null | undefined): Poll | null {
  if (!attachment) return null;
  return {
    options: pollOptionsOf(attachment),
    totalVotes: attachment.total_votes ?? null,
    expiresAt: attachment.expiration_timestamp ? parseMetaTime(attachment.expiration_timestamp) : null,
  };
}

/** Meta names the options by letter, A to D; C and D exist only on polls that have them. */
function pollOptionsOf(attachment: PollAttachment): PollOption[] {
  const lettered = [
    { text: attachment.option_a, share: attachment.option_a_votes_percentage },
    { text: attachment.option_b, share: attachment.option_b_votes_percentage },
    { text: attachment.option_c, share: attachment.option_c_votes_percentage },
    { text: attachment.option_d, share: attachment.option_d_votes_percentage },
  ];
  return lettered.flatMap(({ text, share }) => (text == null ? [] : [{ text, voteShare: share ?? null }]));
}

/** `gif_url` comes beside the post's own media_type (a GIF post is a TEXT_POST), so the GIF is an item of its own. */
function mediaOf(media: ThreadsMedia, mediaType: MediaType): Media[] {
  const items = attachedMediaOf(media, mediaType);
  if (!media.gif_url) return items;
  return [...items, mediaItem('GIF', media.gif_url, null, items.length === 0 ? media.alt_text : null)];
}

function attachedMediaOf(media: ThreadsMedia, mediaType: MediaType): Media[] {
  if (mediaType === 'CAROUSEL') {
    return (media.children?.data ?? []).map((child) =>
      mediaItem(mapMediaType(child.media_type), child.media_url, child.thumbnail_url, child.alt_text),
    );
  }
  if (mediaType === 'IMAGE' || mediaType === 'VIDEO' || mediaType === 'AUDIO') {
    return [mediaItem(mediaType, media.media_url, media.thumbnail_url, media.alt_text)];
  }
  return [];
}

function mediaItem(
  type: MediaType,
  url: string | null | undefined,
  thumbnail: string | null | undefined,
  altText: string | null | undefined,
): Media {
  const isVideo = type === 'VIDEO';
  return {
    type,
    url: url ?? null,
    width: null,
    height: null,
    thumbnailUrl: thumbnail ?? null,
    durationSeconds: null,
    altText: altText ?? null,
    variants: !isVideo && url ? [{ url, width: null, height: null }] : [],
    videoVariants: isVideo && url ? [{ url, width: null, height: null }] : [],
  };
}

function authorOf(username: string, nativeId: string | null): User {
  return userByHandle('THREADS', username, SOURCE, { nativeId });
}

function pictureOf(url: string | null | undefined) {
  return url ? { url, width: null, height: null } : null;
}

function referenceId(reference: ThreadsMedia['quoted_post']): string | null {
  if (!reference) return null;
  return typeof reference === 'string' ? reference : reference.id;
}

function linkOf(reference: ThreadsMedia['quoted_post']): PostLink | null {
  const nativeId = referenceId(reference);
  return nativeId ? { platform: 'THREADS', nativeId, embedded: null } : null;
}

/** Meta writes offsets without a colon ("+0000"), which Date.parse accepts only on some engines. */
export function parseMetaTime(timestamp: string): Date {
  const sign = timestamp.at(-5);
  const offsetWithoutColon = (sign === '+' || sign === '-') && timestamp.at(-3) !== ':';
  return new Date(offsetWithoutColon ? `${timestamp.slice(0, -2)}:${timestamp.slice(-2)}` : timestamp);
}

/** Meta error codes: 190 bad token, 4/17/32/613 rate limits, 100 bad parameter or unknown object. */
export function parseError(status: number, body: unknown): VendorError | null {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return null;
  const { message, code, error_subcode: subcode, type } = parsed.data.error;
  const details = { vendorCode: code ?? null, vendorType: type ?? null };
  const text = message ?? 'error';
  if (code === 190 || status === 401) return { code: 'UNAUTHENTICATED', message: text, details };
  if (code === 4 || code === 17 || code === 32 || code === 613 || status === 429) return { code: 'RATE_LIMITED', message: text, details };
  // Subcode 33: the object does not exist or may not be read (private, under 18, few followers): Meta does not
  // say which, so another provider may still serve it.
  if (code === 100 && subcode === 33) return { code: 'NOT_FOUND', message: text, details: { ...details, maybeHidden: true } };
  if (code === 100 && status === 404) return { code: 'NOT_FOUND', message: text, details };
  return { code: codeForStatus(status), message: text, details };
}

/** `next`/`previous` are absent at either end even though both cursors are still present. */
export function mapPage<T>(response: PagedMedia, mapItem: (media: ThreadsMedia) => T): Page<T> {
  const paging = response.paging;
  const { items, dropped } = mapChecked(response.data, (media) => mapItem(media));
  return {
    items,
    nextToken: paging?.next ? (paging.cursors?.after ?? null) : null,
    previousToken: paging?.previous ? (paging.cursors?.before ?? null) : null,
    ...droppedOf(dropped),
  };
}
