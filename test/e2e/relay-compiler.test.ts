import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCHEMA = new URL('../../schema/schema.graphql', import.meta.url).pathname;
const COMPILER = new URL('../../node_modules/relay-compiler/cli.js', import.meta.url).pathname;

const USER_POSTS = `import { graphql } from 'react-relay';

export const userPostsFragment = graphql\`
  fragment UserPosts_user on User
  @refetchable(queryName: "UserPostsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" }) {
    username
    posts(first: $count, after: $cursor) @connection(key: "UserPosts_posts") {
      edges {
        node {
          id
          text
          createdAt
        }
      }
    }
  }
\`;
`;

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'feedgraph-relay-'));
  await mkdir(join(project, 'src', '__generated__'), { recursive: true });
  await writeFile(join(project, 'src', 'UserPosts.ts'), USER_POSTS);
  await writeFile(
    join(project, 'relay.config.json'),
    JSON.stringify({
      src: './src',
      schema: SCHEMA,
      language: 'typescript',
      artifactDirectory: './src/__generated__',
      eagerEsModules: true,
    }),
  );
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('the Relay compiler', () => {
  it('accepts a client document paging User.posts with @connection and @refetchable, and generates its artifacts', async () => {
    const { stderr } = await run(process.execPath, [COMPILER], { cwd: project });
    expect(stderr).not.toMatch(/error/i);
    const artifacts = await readdir(join(project, 'src', '__generated__'));
    expect(artifacts).toEqual(expect.arrayContaining(['UserPosts_user.graphql.ts', 'UserPostsPaginationQuery.graphql.ts']));
    const query = await readFile(join(project, 'src', '__generated__', 'UserPostsPaginationQuery.graphql.ts'), 'utf8');
    expect(query).toContain('"name": "node"');
    expect(query).toContain('"UserPosts_posts"');
  });

  it('rejects a document that selects a field the schema does not have (so the first test proves something)', async () => {
    await writeFile(
      join(project, 'src', 'Broken.ts'),
      "import { graphql } from 'react-relay';\nexport const broken = graphql`fragment Broken_user on User { followersCount }`;\n",
    );
    await expect(run(process.execPath, [COMPILER], { cwd: project })).rejects.toMatchObject({
      stderr: expect.stringMatching(/followersCount/),
    });
    await rm(join(project, 'src', 'Broken.ts'));
  });
});
