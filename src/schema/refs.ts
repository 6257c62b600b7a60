import type { Liker, Media, Post, Reply, Thread, User, Image, VideoVariant } from '../domain.js';
import { builder } from '../builder.js';

/** Object refs keep the TypeScript shapes (domain types) apart from the GraphQL types built on them. */
export const UserRef = builder.objectRef<User>('User');
export const PostRef = builder.objectRef<Post>('Post');
export const ThreadRef = builder.objectRef<Thread>('Thread');
export const ReplyRef = builder.objectRef<Reply>('Reply');
export const LikerRef = builder.objectRef<Liker>('Liker');
export const MediaRef = builder.objectRef<Media>('Media');
export const ImageRef = builder.objectRef<Image>('Image');
export const VideoVariantRef = builder.objectRef<VideoVariant>('VideoVariant');

export const UserConnection = builder.connectionObject(
  { type: UserRef, name: 'UserConnection', description: 'A page of users.' },
  { name: 'UserEdge' },
);
export const PostConnection = builder.connectionObject(
  { type: PostRef, name: 'PostConnection', description: "A page of posts, in the vendor's order (newest first for timelines)." },
  { name: 'PostEdge' },
);
export const ReplyConnection = builder.connectionObject(
  { type: ReplyRef, name: 'ReplyConnection', description: 'A page of replies.' },
  { name: 'ReplyEdge' },
);
export const LikerConnection = builder.connectionObject(
  { type: LikerRef, name: 'LikerConnection', description: 'A page of users who liked a post.' },
  { name: 'LikerEdge' },
);
