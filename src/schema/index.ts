import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './image.js';
import './media.js';
import './user.js';
import './post.js';
import './thread.js';
import './reply.js';
import './liker.js';
import './provider-status.js';

builder.queryType({ description: 'Read Threads and Instagram accounts, posts and conversations through one graph.' });

export const schema = builder.toSchema({ sortSchema: true });
