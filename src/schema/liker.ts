import { builder } from '../builder.js';
import { LikerRef, UserRef } from './refs.js';

builder.objectType(LikerRef, {
  description: 'An account that liked a post.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The account.', resolve: (liker) => liker.user }),
    followerCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Its followers, as the likers list reports them.',
      resolve: (liker) => liker.followerCount,
    }),
  }),
});
