import { describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import type { RecordedRequest } from '../../src/demo/fake-server.js';
import { WholeConversationQuery } from '../documents/conversations.js';
import { envFor, withYoga, useFakeUpstreams } from '../support/graph-server.js';

const root = threadsWorld().conversations[0]!.root;

/** The vendor request a recorded one was: method, path, query and the web GraphQL document with its variables. */
function requestKey(request: RecordedRequest): string {
  const query = Object.entries(request.query)
    .filter(([name]) => name !== 'access_token')
    .sort(([left], [right]) => left.localeCompare(right));
  return `${request.method} ${request.path}?${new URLSearchParams(query).toString()} ${request.form.doc_id ?? ''} ${request.form.variables ?? ''}`;
}

const fakes = useFakeUpstreams();

describe('one vendor call per distinct vendor request, whichever fields ask for it', () => {
  it.each([
    { setup: 'threads-web' as const, conversation: `GET /api/v1/text_feed/${root.id}/replies/` },
    { setup: 'threads-web-public' as const, conversation: `POST /api/graphql` },
    { setup: 'threads-graph' as const, conversation: `GET /v1.0/${root.id}/conversation` },
  ])('$setup: post, thread, Thread.replies, Post.replies and likers read the conversation once', async ({ setup, conversation }) => {
    const fake = fakes.servers[setup === 'threads-graph' ? 'threads-graph' : 'threads-web'];
    await withYoga(envFor(fakes, [setup]), async (graph) => {
      const before = fake.requests.length;
      const result = await graph.query(WholeConversationQuery, { id: root.id });
      expect(result.data?.post?.text).toBe(root.text);
      const made = fake.requests.slice(before).map(requestKey);
      expect(made.length).toBeGreaterThan(1);
      expect(made).toEqual([...new Set(made)]);
      const rootConversation = made.filter(
        (key) => key.startsWith(conversation) && (setup !== 'threads-web-public' || key.includes(`"postID":"${root.id}"`)),
      );
      expect(rootConversation).toHaveLength(1);
    });
  });
});
