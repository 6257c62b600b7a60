import { PLATFORM_RULES } from './platforms.js';

/**
 * Canonical shapes every provider maps into. No GraphQL and no vendor field names live here.
 */

export const PLATFORMS = ['THREADS', 'INSTAGRAM'] as const;
export type Platform = (typeof PLATFORMS)[number];

const MEDIA_TYPES = ['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL', 'AUDIO', 'REPOST', 'GIF'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const PROVIDER_IDS = ['threads-graph', 'sociavault', 'aisa', 'justoneapi', 'threads-web'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface Image {
  url: string;
  width: number | null;
  height: number | null;
}

export interface VideoVariant {
  url: string;
  width: number | null;
  height: number | null;
}

export interface Media {
  type: MediaType;
  /** The playable or viewable asset: the largest video for videos, the largest image otherwise. */
  url: string | null;
  width: number | null;
  height: number | null;
  thumbnailUrl: string | null;
  durationSeconds: number | null;
  altText: string | null;
  /** Image renditions, largest first. */
  variants: Image[];
  /** Video renditions, largest first; empty for images. */
  videoVariants: VideoVariant[];
}

export interface User {
  platform: Platform;
  nativeId: string | null;
  username: string;
  fullName: string | null;
  biography: string | null;
  isVerified: boolean | null;
  isPrivate: boolean | null;
  followerCount: number | null;
  followingCount: number | null;
  postCount: number | null;
  profilePicture: Image | null;
  url: string;
  /** False when the vendor only embedded a summary (e.g. a post's author) and profile fields may be missing. */
  isComplete: boolean;
  /** Which provider produced this object. */
  source: ProviderId;
}

/** A link to another post that the vendor may or may not embed in full. */
export interface PostLink {
  platform: Platform;
  nativeId: string;
  embedded: Post | null;
}

export interface Post {
  platform: Platform;
  nativeId: string;
  shortcode: string | null;
  url: string | null;
  author: User;
  text: string | null;
  createdAt: Date;
  mediaType: MediaType;
  media: Media[];
  likeCount: number | null;
  replyCount: number | null;
  repostCount: number | null;
  quoteCount: number | null;
  shareCount: number | null;
  viewCount: number | null;
  isReply: boolean;
  replyTo: PostLink | null;
  replyToUsername: string | null;
  quotedPost: PostLink | null;
  repostedPost: PostLink | null;
  /** As the vendor lists them; null when it does not, and the graph reads them from the text only when asked. */
  hashtags: string[] | null;
  mentions: string[] | null;
  topicTag: string | null;
  linkAttachment: string | null;
  /** Absent for vendors whose adapter does not read polls. */
  poll?: Poll | null;
  source: ProviderId;
}

export interface PollOption {
  text: string;
  /** The share of the votes, from 0 to 1; null when the vendor does not say. */
  voteShare: number | null;
}

export interface Poll {
  /** In the order the author wrote them. */
  options: PollOption[];
  totalVotes: number | null;
  expiresAt: Date | null;
}

export interface Reply {
  post: Post;
  /** 1 for a direct reply to the root; null when the vendor does not say. */
  depth: number | null;
  parent: PostLink | null;
}

export interface Thread {
  platform: Platform;
  root: Post;
  /** The root and the author's own continuation posts, in order. */
  items: Post[];
  source: ProviderId;
}

export interface Liker {
  user: User;
  followerCount: number | null;
}

/**
 * A vendor list item that could not be mapped (no id, no time, a shape the payload schema rejects) and was
 * left out. `position` is how many mapped items precede it, so a walk reports it once, where it would have been.
 */
export interface DroppedItem {
  /** Its index in the vendor's own list. */
  index: number;
  position: number;
  /** What was wrong, as a field path and a rule: never a payload value. */
  reason: string;
}

/** One native page: `nextToken` is the vendor's own token, untouched, or null at the end. */
export interface Page<T> {
  items: T[];
  /** Items of the vendor's list that were left out, in list order; absent when there were none. */
  dropped?: DroppedItem[];
  nextToken: string | null;
  previousToken?: string | null;
  /** The profile, for vendors whose posts response carries it (and that have no profile endpoint). */
  owner?: User | null;
}

/** A user known only by handle (and maybe id): the profile fields stay null until read. */
export function userByHandle(platform: Platform, username: string, source: ProviderId, fields: Partial<User> = {}): User {
  return {
    platform,
    nativeId: null,
    username,
    fullName: null,
    biography: null,
    isVerified: null,
    isPrivate: null,
    followerCount: null,
    followingCount: null,
    postCount: null,
    profilePicture: null,
    url: profileUrl(platform, username),
    isComplete: false,
    source,
    ...fields,
  };
}

export function profileUrl(platform: Platform, username: string): string {
  return PLATFORM_RULES[platform].profileUrl(username);
}

/** The public page of a post, for vendors that give its shortcode but no link. */
export function postUrl(platform: Platform, username: string, shortcode: string): string {
  return PLATFORM_RULES[platform].postUrl(username, shortcode);
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]+)/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_.])@([A-Za-z0-9._]+[A-Za-z0-9_])/gu;

// Most posts carry neither sign, so the Unicode-aware expressions run only when one occurs.
export function hashtagsIn(text: string | null): string[] {
  return text?.includes('#') ? unique([...text.matchAll(HASHTAG)].map((match) => match[1] ?? '')) : [];
}

export function mentionsIn(text: string | null): string[] {
  return text?.includes('@') ? unique([...text.matchAll(MENTION)].map((match) => match[1] ?? '')) : [];
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
