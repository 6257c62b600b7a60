import { z } from 'zod';
import { checkedList } from '../items.js';

/** Meta answers some references as a bare media id and others as `{ id }`; both mean the same. */
const mediaReference = z.union([z.string(), z.object({ id: z.string() })]).nullish();

/** A carousel child; the graph reads no id of its own, so one without it is still a child. */
const child = z.object({
  id: z.string().nullish(),
  media_type: z.string().nullish(),
  media_url: z.string().nullish(),
  thumbnail_url: z.string().nullish(),
  alt_text: z.string().nullish(),
});

/** Meta's poll: options C and D, and their shares, come only when the poll has them; shares are fractions of 1. */
const pollAttachment = z.object({
  option_a: z.string(),
  option_b: z.string(),
  option_c: z.string().nullish(),
  option_d: z.string().nullish(),
  option_a_votes_percentage: z.number().nullish(),
  option_b_votes_percentage: z.number().nullish(),
  option_c_votes_percentage: z.number().nullish(),
  option_d_votes_percentage: z.number().nullish(),
  total_votes: z.number().int().nullish(),
  expiration_timestamp: z.string().nullish(),
});
export type PollAttachment = z.infer<typeof pollAttachment>;

/** Every field the map reads, and so (through `graphFields`) every field asked for. */
export const threadsMedia = z.object({
  id: z.string(),
  media_type: z.string().nullish(),
  media_url: z.string().nullish(),
  permalink: z.string().nullish(),
  username: z.string(),
  owner: z.object({ id: z.string() }).nullish(),
  text: z.string().nullish(),
  timestamp: z.string(),
  shortcode: z.string().nullish(),
  thumbnail_url: z.string().nullish(),
  children: z.object({ data: z.array(child) }).nullish(),
  quoted_post: mediaReference,
  reposted_post: mediaReference,
  alt_text: z.string().nullish(),
  link_attachment_url: z.string().nullish(),
  gif_url: z.string().nullish(),
  poll_attachment: pollAttachment.nullish(),
  topic_tag: z.string().nullish(),
  is_reply: z.boolean().nullish(),
  root_post: mediaReference,
  replied_to: mediaReference,
});
export type ThreadsMedia = z.infer<typeof threadsMedia>;

/**
 * Meta's `fields=` syntax for the fields a zod object reads: a nested object as `name{...}`, and an edge
 * (`{ data: [...] }`, like `children`) as `name{...}` of its items' fields.
 */
export function graphFields(schema: z.ZodObject): string {
  return Object.entries(schema.shape)
    .map(([name, field]) => {
      const nested = nestedObjectOf(field);
      return nested ? `${name}{${graphFields(nested)}}` : name;
    })
    .join(',');
}

function nestedObjectOf(field: z.ZodType): z.ZodObject | null {
  const inner = withoutOptionality(field);
  if (!(inner instanceof z.ZodObject)) return null;
  return edgeItemsOf(inner) ?? inner;
}

/** An edge is `{ data: [item] }`; Meta takes the items' fields in its braces. */
function edgeItemsOf(object: z.ZodObject): z.ZodObject | null {
  const data = Object.keys(object.shape).length === 1 && object.shape.data ? withoutOptionality(object.shape.data) : null;
  return data instanceof z.ZodArray && data.element instanceof z.ZodObject ? data.element : null;
}

function withoutOptionality(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodOptional || field instanceof z.ZodNullable ? withoutOptionality(field.unwrap() as z.ZodType) : field;
}

export const pagedMedia = z.object({
  data: checkedList(threadsMedia),
  paging: z
    .object({
      cursors: z.object({ before: z.string().nullish(), after: z.string().nullish() }).nullish(),
      next: z.string().nullish(),
      previous: z.string().nullish(),
    })
    .nullish(),
});
export type PagedMedia = z.infer<typeof pagedMedia>;

export const profile = z.object({
  id: z.string().nullish(),
  username: z.string(),
  name: z.string().nullish(),
  profile_picture_url: z.string().nullish(),
  threads_profile_picture_url: z.string().nullish(),
  biography: z.string().nullish(),
  threads_biography: z.string().nullish(),
  is_verified: z.boolean().nullish(),
  follower_count: z.number().nullish(),
});
export type Profile = z.infer<typeof profile>;

export const errorBody = z.object({
  error: z.object({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.number().nullish(),
    error_subcode: z.number().nullish(),
    fbtrace_id: z.string().nullish(),
  }),
});
