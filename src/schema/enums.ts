import { builder } from '../builder.js';

export const PlatformEnum = builder.enumType('Platform', {
  description: 'The social platform an object lives on.',
  values: {
    THREADS: { value: 'THREADS', description: "Meta's Threads." },
    INSTAGRAM: { value: 'INSTAGRAM', description: 'Instagram.' },
  } as const,
});

export const MediaTypeEnum = builder.enumType('MediaType', {
  description: 'What a post or a media item is.',
  values: {
    TEXT: { value: 'TEXT', description: 'Text only (a Threads text post, or a reply).' },
    IMAGE: { value: 'IMAGE', description: 'One image.' },
    VIDEO: { value: 'VIDEO', description: 'One video (an Instagram reel or a Threads video).' },
    CAROUSEL: { value: 'CAROUSEL', description: 'Several images or videos.' },
    AUDIO: { value: 'AUDIO', description: 'An audio post (Threads).' },
    REPOST: { value: 'REPOST', description: 'A repost of another post; see `repostedPost`.' },
    GIF: { value: 'GIF', description: 'A GIF attached to a post (Threads): a media item only, the post itself stays TEXT.' },
  } as const,
});
