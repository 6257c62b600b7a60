import { z } from 'zod';
import { lenientList } from '../items.js';

/**
 * Instagram's internal media/user objects. SociaVault, AIsa, JustOneAPI and the Threads web/mobile
 * endpoints all pass them through nearly verbatim, so one schema serves the four adapters.
 */

/** Instagram ids are 64-bit; JSON numbers lose precision past 2^53, so numeric ids are kept only as a last resort. */
const igId = z.union([z.string(), z.number()]);

const imageCandidate = z.object({
  url: z.string(),
  width: z.number().nullish(),
  height: z.number().nullish(),
});

const videoVersion = z.object({
  url: z.string(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  type: z.number().nullish(),
});

export const igUser = z.object({
  pk: igId.nullish(),
  pk_id: z.string().nullish(),
  id: igId.nullish(),
  username: z.string(),
  full_name: z.string().nullish(),
  biography: z.string().nullish(),
  is_verified: z.boolean().nullish(),
  is_private: z.boolean().nullish(),
  text_post_app_is_private: z.boolean().nullish(),
  profile_pic_url: z.string().nullish(),
  hd_profile_pic_versions: lenientList(imageCandidate),
  hd_profile_pic_url_info: imageCandidate.nullish(),
  follower_count: z.number().nullish(),
  following_count: z.number().nullish(),
  media_count: z.number().nullish(),
});
export type IgUser = z.infer<typeof igUser>;

const textFragment = z.object({
  fragment_type: z.string().nullish(),
  plaintext: z.string().nullish(),
  mention_fragment: z.object({ mentioned_user: z.object({ username: z.string() }).nullish() }).nullish(),
  tag_fragment: z.object({ display_text: z.string().nullish(), tag_name: z.string().nullish() }).nullish(),
  link_fragment: z.object({ uri: z.string().nullish() }).nullish(),
});

const textPostAppInfoFields = {
  direct_reply_count: z.number().nullish(),
  repost_count: z.number().nullish(),
  quote_count: z.number().nullish(),
  reshare_count: z.number().nullish(),
  is_reply: z.boolean().nullish(),
  reply_to_author: z.object({ username: z.string().nullish() }).nullish(),
  link_preview_attachment: z.object({ url: z.string().nullish(), display_url: z.string().nullish() }).nullish(),
  tag_header: z.object({ display_name: z.string().nullish() }).nullish(),
  text_fragments: z.object({ fragments: lenientList(textFragment) }).nullish(),
};

/** Identity and time are checked by the mapper, which drops the item (never defaults them); carousel children have neither. */
const mediaFields = {
  id: igId.nullish(),
  pk: igId.nullish(),
  code: z.string().nullish(),
  url: z.string().nullish(),
  taken_at: z.number().nullish(),
  media_type: z.number().nullish(),
  product_type: z.string().nullish(),
  caption: z.object({ text: z.string().nullish() }).nullish(),
  like_count: z.number().nullish(),
  comment_count: z.number().nullish(),
  play_count: z.number().nullish(),
  ig_play_count: z.number().nullish(),
  view_count: z.number().nullish(),
  share_count: z.number().nullish(),
  image_versions2: z.object({ candidates: lenientList(imageCandidate) }).nullish(),
  image_versions: z.object({ items: lenientList(imageCandidate) }).nullish(),
  display_uri: z.string().nullish(),
  thumbnail_url: z.string().nullish(),
  video_versions: lenientList(videoVersion),
  video_duration: z.number().nullish(),
  original_width: z.number().nullish(),
  original_height: z.number().nullish(),
  accessibility_caption: z.string().nullish(),
  // Read on demand by authorOf, not here: both name the author, and an `owner` the mapper never needs (or one
  // sent as `{ id }` alone) must cost neither the item nor a second profile's validation on every item.
  user: z.unknown().optional(),
  owner: z.unknown().optional(),
  caption_hashtags: lenientList(z.string()),
  caption_mentions: lenientList(z.string()),
  text_post_app_info: z.object(textPostAppInfoFields).nullish(),
};

const carouselItem = z.object(mediaFields);
export type IgCarouselItem = z.infer<typeof carouselItem>;

/** A quoted or reposted post embedded in another; it does not embed further posts. */
const embeddedMedia = z.object({ ...mediaFields, carousel_media: lenientList(carouselItem) });
export type IgEmbeddedMedia = z.infer<typeof embeddedMedia>;

export const igMedia = z.object({
  ...mediaFields,
  carousel_media: lenientList(carouselItem),
  text_post_app_info: z
    .object({
      ...textPostAppInfoFields,
      share_info: z.object({ quoted_post: embeddedMedia.nullish(), reposted_post: embeddedMedia.nullish() }).nullish(),
    })
    .nullish(),
});
export type IgMedia = z.infer<typeof igMedia>;

/** The item's author: its `user` if readable, else its `owner`; null when neither is. */
export function authorOf(media: { user?: unknown; owner?: unknown }): IgUser | null {
  for (const candidate of [media.user, media.owner]) {
    if (candidate === null || candidate === undefined) continue;
    const parsed = igUser.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** Why an item has no author of its own, in the words of a rejected item's reason. */
export function authorProblem(media: { user?: unknown; owner?: unknown }): string {
  const present = media.user ?? media.owner;
  if (present === null || present === undefined) return 'user: missing';
  const issue = igUser.safeParse(present).error?.issues[0];
  const name = media.user === null || media.user === undefined ? 'owner' : 'user';
  return issue ? `${[name, ...issue.path].join('.')}: ${issue.message}` : `${name}: unreadable`;
}
