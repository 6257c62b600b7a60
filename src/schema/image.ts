import { builder } from '../builder.js';
import { ImageRef, VideoVariantRef } from './refs.js';

builder.objectType(ImageRef, {
  description: 'One rendition of an image.',
  fields: (t) => ({
    url: t.field({ type: 'URL', description: 'Where the image is served (vendor CDN links expire).', resolve: (image) => image.url }),
    width: t.exposeInt('width', { nullable: true, description: 'Width in pixels, when the vendor says.' }),
    height: t.exposeInt('height', { nullable: true, description: 'Height in pixels, when the vendor says.' }),
  }),
});

builder.objectType(VideoVariantRef, {
  description: 'One rendition of a video.',
  fields: (t) => ({
    url: t.field({ type: 'URL', description: 'Where the video file is served (vendor CDN links expire).', resolve: (video) => video.url }),
    width: t.exposeInt('width', { nullable: true, description: 'Width in pixels, when the vendor says.' }),
    height: t.exposeInt('height', { nullable: true, description: 'Height in pixels, when the vendor says.' }),
  }),
});
