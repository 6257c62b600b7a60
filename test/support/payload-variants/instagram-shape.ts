/**
 * Instagram's own media and user objects, which SociaVault, AIsa, JustOneAPI and the Threads web and mobile
 * endpoints all pass through: how they vary, and what the graph must show for them (read from the seeds).
 */
import type { Shape } from './engine.js';
import { BareInteger, getAt, isJsonObject, listElements, type Json, type JsonObject } from './json.js';
import { FieldReader, isoFromSeconds, type ExpectedPost, type Verdict } from './operation.js';

export interface InstagramPostOptions {
  /** Threads posts count replies, reposts, quotes and reshares in `text_post_app_info`; Instagram posts count comments, shares and plays. */
  counts: 'threads' | 'instagram';
  /** Where image renditions live: `image_versions2.candidates`, or JustOneAPI's `image_versions.items`. */
  images: string;
  /** How the vendor sends an empty list, its usual form first. */
  emptyLists: Json[];
  /** SociaVault serialises every list as an object keyed "0", "1", ... */
  keyedLists?: boolean;
  /** JustOneAPI also dates an item with `taken_at_ts` and `taken_at_date`. */
  extraTimestamps?: boolean;
  /** The Threads mobile API writes ids as bare JSON numbers. */
  bareIds?: boolean;
}

const THREADS_COUNTS = [
  'like_count',
  'text_post_app_info.direct_reply_count',
  'text_post_app_info.repost_count',
  'text_post_app_info.quote_count',
  'text_post_app_info.reshare_count',
];
const INSTAGRAM_COUNTS = ['like_count', 'comment_count', 'share_count', 'play_count', 'ig_play_count'];
const MEDIA_TYPES: Record<string, string> = { 1: 'IMAGE', 2: 'VIDEO', 8: 'CAROUSEL', 19: 'TEXT' };

export function instagramPostShape(options: InstagramPostOptions): Shape {
  const threads = options.counts === 'threads';
  const counts = threads ? THREADS_COUNTS : INSTAGRAM_COUNTS;
  const imageHolder = options.images.split('.')[0]!;
  const timestamps = options.extraTimestamps ? ['taken_at_ts', 'taken_at_date'] : [];
  return {
    optional: [
      'code',
      'url',
      'accessibility_caption',
      'product_type',
      'original_width',
      'original_height',
      'video_duration',
      'has_audio',
      'carousel_media_count',
      imageHolder,
      'video_versions',
      'carousel_media',
      'caption',
      'caption.pk',
      'user.full_name',
      'user.profile_pic_url',
      'user.is_verified',
      'user.is_private',
      'user.pk_id',
      'user.pk',
      'user.id',
      ...counts,
      ...timestamps,
      ...(threads
        ? [
            'text_post_app_info',
            'text_post_app_info.reply_to_author',
            'text_post_app_info.link_preview_attachment',
            'text_post_app_info.share_info',
            'text_post_app_info.is_reply',
            'text_post_app_info.text_fragments',
          ]
        : ['owner', 'display_uri', 'thumbnail_url', 'is_video']),
    ],
    ...(threads ? { coupled: { caption: ['text_post_app_info.text_fragments.fragments'] } } : {}),
    lists: [
      options.images,
      'video_versions',
      'carousel_media',
      `carousel_media.*.${options.images}`,
      'carousel_media.*.video_versions',
      ...(threads ? ['text_post_app_info.text_fragments.fragments'] : []),
      ...(options.extraTimestamps ? ['caption.hashtags', 'caption.mentions'] : []),
    ],
    emptyLists: options.emptyLists,
    ...(options.keyedLists
      ? {
          keyedLists: [
            options.images,
            'video_versions',
            'carousel_media',
            `carousel_media.*.${options.images}`,
            'carousel_media.*.video_versions',
            'text_post_app_info.text_fragments.fragments',
          ],
        }
      : {}),
    carouselChildren: { pattern: 'carousel_media.*', ids: ['id', 'pk'] },
    counts,
    ...(options.bareIds
      ? { flexibleIds: ['pk', 'user.pk', 'caption.pk', 'caption.user_id', 'caption.media_id', 'carousel_media.*.pk'] }
      : {}),
    identityAlternatives: [['pk', 'id'], ...(options.extraTimestamps ? [['taken_at', ...timestamps]] : [])],
    // A bare pk beyond 2^53 cannot stand in for the mobile API's id: any JSON reader rounds it.
    ...(options.bareIds ? { identityAnchors: ['id'] } : {}),
    texts: ['caption.text'],
    extensible: ['', 'caption', 'user', imageHolder, 'carousel_media.*', ...(threads ? ['text_post_app_info'] : [])],
    damage: {
      remove: [['pk', 'id'], ...(options.bareIds ? [['id']] : []), ['taken_at', ...timestamps]],
      // Nothing can rely on the mobile API's bare pk (it rounds), so only a string pk's type can damage an item.
      wrongType: [...(options.bareIds ? [] : ['pk']), 'id', 'taken_at', 'caption', 'caption.text', ...counts],
    },
  };
}

/** An id as the digits the vendor meant: a digit string, a safe number, or a bare number JSON.parse keeps exact. */
function exactDigits(value: Json | undefined): string | null {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (value instanceof BareInteger && Number.isSafeInteger(Number(value.digits))) return value.digits;
  return null;
}

/** `pk`, or the media part of `id` ("3199912891000000000_314216"): a bare pk beyond 2^53 alone is rounded by any JSON reader. */
function mediaId(item: JsonObject, reader: FieldReader): string | null {
  const fromPk = exactDigits(item.pk);
  const roundedPk = item.pk instanceof BareInteger && fromPk === null;
  if (fromPk === null && !roundedPk && item.pk !== undefined && item.pk !== null)
    reader.problems.push(`pk is ${JSON.stringify(item.pk)}, not an id`);
  const id = reader.text(item.id, 'id');
  const fromId = id?.split('_')[0] || null;
  if (fromPk ?? fromId) return fromPk ?? fromId;
  reader.problems.push(roundedPk ? 'the only id is a bare number beyond 2^53' : 'no id');
  return null;
}

function takenAt(item: JsonObject, reader: FieldReader, options: InstagramPostOptions): string | null {
  const seconds = reader.count(item.taken_at, 'taken_at');
  if (seconds !== null) return isoFromSeconds(seconds);
  if (options.extraTimestamps) {
    const alternative = reader.count(item.taken_at_ts, 'taken_at_ts');
    if (alternative !== null) return isoFromSeconds(alternative);
    const date = reader.text(item.taken_at_date, 'taken_at_date');
    if (date !== null && !Number.isNaN(Date.parse(date))) return new Date(date).toISOString();
  }
  reader.problems.push('no timestamp');
  return null;
}

function postCounts(
  item: JsonObject,
  reader: FieldReader,
  options: InstagramPostOptions,
): Pick<ExpectedPost, 'likeCount' | 'replyCount' | 'repostCount' | 'quoteCount' | 'shareCount' | 'viewCount'> {
  const likeCount = reader.count(item.like_count, 'like_count');
  if (options.counts === 'threads') {
    const info = reader.object(item.text_post_app_info, 'text_post_app_info');
    return {
      likeCount,
      replyCount: reader.count(info?.direct_reply_count, 'direct_reply_count'),
      repostCount: reader.count(info?.repost_count, 'repost_count'),
      quoteCount: reader.count(info?.quote_count, 'quote_count'),
      shareCount: reader.count(info?.reshare_count, 'reshare_count'),
      viewCount: null,
    };
  }
  const instagramViews = reader.count(item.ig_play_count, 'ig_play_count');
  const allViews = reader.count(item.play_count, 'play_count');
  return {
    likeCount,
    replyCount: reader.count(item.comment_count, 'comment_count'),
    repostCount: null,
    quoteCount: null,
    shareCount: reader.count(item.share_count, 'share_count'),
    viewCount: instagramViews ?? allViews,
  };
}

function hasElements(value: Json | undefined): boolean {
  return (listElements(value) ?? []).length > 0;
}

/**
 * A repost says so in `share_info.reposted_post`; the anonymous web app sends no `media_type` at all (seed 004),
 * so there the media says what the post is.
 */
function mediaTypeOf(item: JsonObject, options: InstagramPostOptions): string {
  const info = isJsonObject(item.text_post_app_info) ? item.text_post_app_info : null;
  if (info && isJsonObject(info.share_info) && isJsonObject(info.share_info.reposted_post)) return 'REPOST';
  if (item.media_type === undefined) {
    if (hasElements(item.carousel_media)) return 'CAROUSEL';
    if (hasElements(item.video_versions)) return 'VIDEO';
    return hasElements(getAt(item, options.images.split('.'))) ? 'IMAGE' : 'TEXT';
  }
  const mediaType = MEDIA_TYPES[String(item.media_type)];
  if (!mediaType) throw new Error(`the oracle knows no media_type ${String(item.media_type)}`);
  return mediaType;
}

export function instagramPostVerdict(item: Json | undefined, options: InstagramPostOptions): Verdict {
  if (!isJsonObject(item)) return { damaged: 'not an object' };
  const reader = new FieldReader();
  const nativeId = mediaId(item, reader);
  const createdAt = takenAt(item, reader, options);
  const caption = reader.object(item.caption, 'caption');
  const text = caption ? reader.text(caption.text, 'caption.text') : null;
  const mediaType = mediaTypeOf(item, options);
  const author = isJsonObject(item.user)
    ? reader.required(reader.text(item.user.username, 'user.username'), 'user.username')
    : reader.required(null, 'user');
  const counts = postCounts(item, reader, options);
  return reader.verdict({ nativeId, text, createdAt, mediaType, ...counts, author: { username: author } } satisfies Record<
    keyof ExpectedPost,
    unknown
  >);
}

/**
 * A user in a list is a summary: the graph may complete other profile fields by reading the profile, so only
 * what the list itself must carry is compared.
 */
export const USER_SELECTION = 'username nativeId';

/** A user in a list (likers, followers, search): its identity is the username. */
export function instagramUserShape(options: { bareIds?: boolean } = {}): Shape {
  return {
    optional: [
      'full_name',
      'profile_pic_url',
      'is_verified',
      'is_private',
      'follower_count',
      'pk_id',
      'pk',
      'id',
      'profile_pic_id',
      'account_badges',
      'latest_reel_media',
      'friendship_status',
      'has_onboarded_to_text_post_app',
    ],
    lists: ['account_badges'],
    counts: ['follower_count'],
    ...(options.bareIds ? { flexibleIds: ['pk'] } : {}),
    texts: ['full_name'],
    extensible: [''],
    damage: { remove: [['username']], wrongType: ['username', 'follower_count'] },
  };
}

export function userNativeId(user: JsonObject): string | null {
  return exactDigits(user.pk_id) ?? exactDigits(user.pk) ?? exactDigits(user.id);
}

export function instagramUserVerdict(user: Json | undefined): Verdict {
  if (!isJsonObject(user)) return { damaged: 'not an object' };
  const reader = new FieldReader();
  const username = reader.required(reader.text(user.username, 'username'), 'username');
  const followerCount = reader.count(user.follower_count, 'follower_count');
  return reader.verdict({ username, nativeId: userNativeId(user), followerCount });
}

export const OWNER_SELECTION = 'username followerCount followingCount postCount';

/** The profile an Instagram posts page carries beside its items, as the graph's `user` must show it. */
export function pageOwnerExpectation(owner: Json | undefined): Array<{ path: string[]; expected: unknown }> {
  if (!isJsonObject(owner)) return [];
  const reader = new FieldReader();
  const expected = {
    username: owner.username,
    followerCount: reader.count(owner.follower_count, 'follower_count'),
    followingCount: reader.count(owner.following_count, 'following_count'),
    postCount: reader.count(owner.media_count, 'media_count'),
  };
  return [{ path: ['user'], expected }];
}
