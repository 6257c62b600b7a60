import { builder } from '../builder.js';
import type { Poll, PollOption } from '../domain.js';

export const PollRef = builder.objectRef<Poll>('Poll');
const PollOptionRef = builder.objectRef<PollOption>('PollOption');

builder.objectType(PollOptionRef, {
  description: 'One answer of a poll.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The answer as the author wrote it.' }),
    voteShare: t.exposeFloat('voteShare', {
      nullable: true,
      description: 'The share of the votes this answer has, from 0 to 1, when the vendor says.',
    }),
  }),
});

builder.objectType(PollRef, {
  description: 'A poll attached to a post.',
  fields: (t) => ({
    options: t.field({
      type: [PollOptionRef],
      description: 'The answers, in the order the author wrote them (two to four on Threads).',
      resolve: (poll) => poll.options,
    }),
    totalVotes: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Votes cast so far, when the vendor says.',
      resolve: (poll) => poll.totalVotes,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When voting closes, when the vendor says.',
      resolve: (poll) => poll.expiresAt,
    }),
  }),
});
