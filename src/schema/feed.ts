import { z } from 'zod';
import { builder, nativePagesFor, UPSTREAM_COST } from '../builder.js';
import { usernameSchema } from './arguments.js';
import { reportingProblems } from './problems.js';
import { PlatformEnum } from './enums.js';
import { PostConnection } from './refs.js';

const AuthorInput = builder.inputType('AuthorInput', {
  description: 'An account whose posts go into a feed.',
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, required: true, description: 'The platform the account is on.' }),
    username: t.string({ required: true, description: 'Its handle, with or without "@".', validate: usernameSchema }),
  }),
});

builder.queryField('feed', (t) =>
  t.field({
    type: PostConnection,
    nullable: true,
    description: 'The posts of several accounts (on either platform) merged newest first, paged forward with first/after.',
    args: {
      authors: t.arg({
        type: [AuthorInput],
        required: true,
        description: 'Between 1 and 20 accounts.',
        validate: z.array(z.unknown()).min(1, 'name at least one author').max(20, 'at most 20 authors'),
      }),
      ...t.arg.connectionArgs(),
    },
    // Each author's timeline is read like User.posts, `first` items from each at most.
    complexity: (args) => ({
      field: UPSTREAM_COST * nativePagesFor(Math.max(1, Math.min(100, args.first ?? 20))) * args.authors.length,
      multiplier: Math.max(1, Math.min(100, args.first ?? 20)),
    }),
    resolve: (_root, args, context, info) => reportingProblems(context.services.feed(args.authors, args), context, info),
  }),
);
