import { MEDIA_TYPES, PLATFORMS } from '../domain.js';
import { builder } from '../builder.js';

export const PlatformEnum = builder.enumType('Platform', {
  description: 'The social platform an object lives on.',
  values: Object.fromEntries(PLATFORMS.map((platform) => [platform, { value: platform }])) as Record<(typeof PLATFORMS)[number], { value: (typeof PLATFORMS)[number] }>,
});

export const MediaTypeEnum = builder.enumType('MediaType', {
  description: 'What a post or a media item is: text only, an image, a video, a carousel of items, audio, or a repost of another post.',
  values: Object.fromEntries(MEDIA_TYPES.map((type) => [type, { value: type }])) as Record<(typeof MEDIA_TYPES)[number], { value: (typeof MEDIA_TYPES)[number] }>,
});
