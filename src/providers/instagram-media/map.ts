import {
  postUrl,
  profileUrl,
  type Image,
  type Media,
  type MediaType,
  type Platform,
  type Post,
  type PostLink,
  type ProviderId,
  type User,
  type VideoVariant,
} from '../../domain.js';
import { UnmappableItem } from '../items.js';
import { authorOf, authorProblem, type IgCarouselItem, type IgEmbeddedMedia, type IgMedia, type IgUser } from './payloads.js';

/** Instagram's media_type: 1 image, 2 video, 8 carousel, 19 text-only Threads post. */
export function mapIgMediaType(mediaType: number | null | undefined): MediaType {
  switch (mediaType) {
    case 1:
      return 'IMAGE';
    case 2:
      return 'VIDEO';
    case 8:
      return 'CAROUSEL';
    case 19:
      return 'TEXT';
    default:
      return 'TEXT';
  }
}

export interface IgMapContext {
  platform: Platform;
  source: ProviderId;
  /** Used when the vendor omits the author on each item and gives it once per page. */
  fallbackAuthor?: IgUser | null | undefined;
}

/**
 * "3141055616164096839_95561" is "{media pk}_{owner pk}"; the string form keeps all 64 bits. A bare number past
 * 2^53 (the mobile API's `pk`) was rounded by JSON.parse, so it is no id at all. Null when there is none.
 */
function igMediaId(media: Pick<IgCarouselItem, 'id' | 'pk'>): string | null {
  if (typeof media.id === 'string' && media.id) return media.id.split('_')[0] || null;
  if (typeof media.pk === 'string' && media.pk) return media.pk;
  return exactNumber(media.id) ?? exactNumber(media.pk);
}

function igUserId(user: IgUser): string | null {
  if (user.pk_id) return user.pk_id;
  if (typeof user.pk === 'string') return user.pk;
  if (typeof user.id === 'string') return user.id;
  return exactNumber(user.pk) ?? exactNumber(user.id);
}

function exactNumber(value: string | number | null | undefined): string | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : null;
}

export function mapIgUser(user: IgUser, context: IgMapContext, isComplete: boolean): User {
  const pictures = [...user.hd_profile_pic_versions, ...(user.hd_profile_pic_url_info ? [user.hd_profile_pic_url_info] : [])];
  const largest = largestImage(pictures.map(imageOf));
  return {
    platform: context.platform,
    nativeId: igUserId(user),
    username: user.username,
    fullName: user.full_name || null,
    biography: user.biography ?? null,
    isVerified: user.is_verified ?? null,
    isPrivate: user.text_post_app_is_private ?? user.is_private ?? null,
    followerCount: user.follower_count ?? null,
    followingCount: user.following_count ?? null,
    postCount: user.media_count ?? null,
    profilePicture: largest ?? (user.profile_pic_url ? { url: user.profile_pic_url, width: null, height: null } : null),
    url: profileUrl(context.platform, user.username),
    isComplete,
    source: context.source,
  };
}

/** Throws UnmappableItem for a media object without an id, a time or an author: the graph invents none of them. */
export function mapIgMedia(media: IgMedia | IgEmbeddedMedia, context: IgMapContext): Post {
  const nativeId = igMediaId(media);
  if (!nativeId) throw new UnmappableItem('id: missing');
  if (media.taken_at === null || media.taken_at === undefined) throw new UnmappableItem('taken_at: missing');
  const author = authorOf(media) ?? context.fallbackAuthor;
  if (!author) throw new UnmappableItem(authorProblem(media));
  const text = media.caption?.text ?? null;
  const info = media.text_post_app_info;
  const fragments = info?.text_fragments?.fragments ?? [];
  const share = info && 'share_info' in info ? info.share_info : null;
  const quoted = share?.quoted_post;
  const reposted = share?.reposted_post;
  const mediaType = reposted ? 'REPOST' : mapIgMediaType(media.media_type);
  const shortcode = media.code ?? null;
  return {
    platform: context.platform,
    nativeId,
    shortcode,
    url: media.url ?? (shortcode ? postUrl(context.platform, author.username, shortcode) : null),
    author: mapIgUser(author, context, false),
    text,
    createdAt: new Date(media.taken_at * 1000),
    mediaType,
    media: mediaOf(media),
    likeCount: media.like_count ?? null,
    replyCount: info?.direct_reply_count ?? media.comment_count ?? null,
    repostCount: info?.repost_count ?? null,
    quoteCount: info?.quote_count ?? null,
    shareCount: media.share_count ?? info?.reshare_count ?? null,
    viewCount: media.ig_play_count ?? media.play_count ?? media.view_count ?? null,
    isReply: info?.is_reply ?? Boolean(info?.reply_to_author),
    replyTo: null,
    replyToUsername: info?.reply_to_author?.username ?? null,
    quotedPost: quoted ? embeddedLink(quoted, context) : null,
    repostedPost: reposted ? embeddedLink(reposted, context) : null,
    hashtags: media.caption_hashtags.length > 0 ? media.caption_hashtags : tagsOf(fragments),
    mentions: media.caption_mentions.length > 0 ? media.caption_mentions : mentionsOf(fragments),
    topicTag: info?.tag_header?.display_name ?? null,
    linkAttachment:
      info?.link_preview_attachment?.url ?? fragments.find((fragment) => fragment.link_fragment?.uri)?.link_fragment?.uri ?? null,
    source: context.source,
  };
}

/** A quoted or reposted post the vendor embeds without its time is linked by id and read on demand. */
function embeddedLink(media: IgEmbeddedMedia, context: IgMapContext): PostLink | null {
  const nativeId = igMediaId(media);
  if (!nativeId) return null;
  try {
    return { platform: context.platform, nativeId, embedded: mapIgMedia(media, context) };
  } catch (error) {
    if (error instanceof UnmappableItem) return { platform: context.platform, nativeId, embedded: null };
    throw error;
  }
}

function mediaOf(media: IgEmbeddedMedia): Media[] {
  if (media.carousel_media.length > 0) return media.carousel_media.map(mediaItem);
  const item = mediaItem(media);
  return item.url ? [item] : [];
}

function mediaItem(media: IgCarouselItem): Media {
  const images = sortLargestFirst([...(media.image_versions2?.candidates ?? []), ...(media.image_versions?.items ?? [])].map(imageOf));
  const videos = sortLargestFirst(media.video_versions.map(imageOf));
  const type = videos.length > 0 ? 'VIDEO' : images.length > 0 || media.display_uri ? 'IMAGE' : mapIgMediaType(media.media_type);
  const primary: VideoVariant | Image | undefined = videos[0] ?? images[0];
  return {
    type,
    url: primary?.url ?? media.display_uri ?? null,
    width: media.original_width ?? primary?.width ?? null,
    height: media.original_height ?? primary?.height ?? null,
    thumbnailUrl: videos.length > 0 ? (images[0]?.url ?? media.thumbnail_url ?? media.display_uri ?? null) : (media.thumbnail_url ?? null),
    durationSeconds: media.video_duration ?? null,
    altText: media.accessibility_caption ?? null,
    variants: images,
    videoVariants: videos,
  };
}

function imageOf(candidate: { url: string; width?: number | null | undefined; height?: number | null | undefined }): Image {
  return { url: candidate.url, width: candidate.width ?? null, height: candidate.height ?? null };
}

function sortLargestFirst<T extends Image>(images: T[]): T[] {
  const seen = new Set<string>();
  return images
    .filter((image) => !seen.has(image.url) && seen.add(image.url))
    .sort((left, right) => (right.width ?? 0) * (right.height ?? 0) - (left.width ?? 0) * (left.height ?? 0));
}

function largestImage(images: Image[]): Image | null {
  return sortLargestFirst(images)[0] ?? null;
}

type Fragment = NonNullable<NonNullable<NonNullable<IgCarouselItem['text_post_app_info']>['text_fragments']>['fragments']>[number];

function tagsOf(fragments: Fragment[]): string[] | null {
  const tags = fragments
    .map((fragment) => fragment.tag_fragment?.tag_name ?? fragment.tag_fragment?.display_text?.replace(/^#/, ''))
    .filter((tag): tag is string => Boolean(tag));
  return tags.length > 0 ? tags : null;
}

function mentionsOf(fragments: Fragment[]): string[] | null {
  const mentions = fragments
    .map((fragment) => fragment.mention_fragment?.mentioned_user?.username)
    .filter((name): name is string => Boolean(name));
  return mentions.length > 0 ? mentions : null;
}
