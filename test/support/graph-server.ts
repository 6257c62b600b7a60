import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { print, type ExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { request } from 'undici';
import { startApp, type App, type AppOptions } from '../../src/app.js';
import { startFakeUpstreams, DEMO_CREDENTIALS, type FakeUpstreams } from '../../src/demo/index.js';
import type { ProviderId } from '../../src/domain.js';
import type { AnyProviderDescriptor } from '../../src/providers/descriptor.js';
import { PROVIDERS } from '../../src/providers/descriptors.js';
import { afterAll, beforeAll } from 'vitest';

/** A provider id, or threads-web without its token (the anonymous web endpoints only). */
type ProviderSetup = ProviderId | 'threads-web-public';

/** The env that configures exactly the given providers against the running fakes, from their descriptors. */
export function envFor(
  fakes: FakeUpstreams,
  providers: ProviderSetup[],
  overrides: Record<string, string> = {},
  descriptors: readonly AnyProviderDescriptor[] = PROVIDERS,
): NodeJS.ProcessEnv {
  const settings = new Map<string, unknown>(Object.entries(fakes.providerSettings));
  // The cross-request cache is off unless a test turns it on, so every test sees the vendor calls it causes; so are
  // quotas (Meta's default would refuse a long property walk against the fakes).
  const env: NodeJS.ProcessEnv = {
    CURSOR_SECRET: 'test-cursor-secret-that-is-long-enough-0123456789',
    UPSTREAM_CACHE: 'off',
    QUOTAS: 'none',
  };
  for (const descriptor of descriptors) {
    const anonymous = descriptor.id === 'threads-web' && providers.includes('threads-web-public') && !providers.includes('threads-web');
    if (!providers.includes(descriptor.id as ProviderId) && !anonymous) continue;
    const demoSettings = settings.get(descriptor.settingsKey);
    if (typeof demoSettings !== 'object' || demoSettings === null) throw new Error(`the fakes were started without ${descriptor.id}`);
    Object.assign(env, descriptor.environmentOf(anonymous ? { ...demoSettings, token: null } : demoSettings));
  }
  return { ...env, ...overrides };
}

/** What `GraphServer.query` answers for a typed document. */
export type QueryResult<Document> =
  Document extends TypedDocumentNode<infer Result, infer _Variables> ? ExecutionResult<Result> & { text: string; status: number } : never;

/** How a test's request reaches the graph at `url`: over a loopback socket, or handed straight to yoga's fetch. */
type Transport = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number; text: string }>;

/** A feedgraph app configured from `env`, spoken to over real HTTP (`start`) or through `yoga.fetch` (`inProcess`). */
export class GraphServer {
  private constructor(
    readonly app: App,
    readonly url: string,
    private readonly transport: Transport,
    private readonly stopListening: () => Promise<void>,
  ) {}

  static async start(env: NodeJS.ProcessEnv, options: AppOptions = {}): Promise<GraphServer> {
    const app = await startApp(env, options);
    const server = createServer(app.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const overSocket: Transport = async (target, body, headers) => {
      const response = await request(target, { method: 'POST', headers, body });
      return { status: response.statusCode, text: await response.body.text() };
    };
    return new GraphServer(app, url, overSocket, () => new Promise<void>((resolve) => server.close(() => resolve())));
  }

  /** No socket: for tests that assert what the graph answers, not how HTTP carries it. */
  static async inProcess(env: NodeJS.ProcessEnv, options: AppOptions = {}): Promise<GraphServer> {
    const app = await startApp(env, options);
    const url = 'http://feedgraph.test/graphql';
    const throughYoga: Transport = async (target, body, headers) => {
      const response = await app.yoga.fetch(target, { method: 'POST', headers, body });
      return { status: response.status, text: await response.text() };
    };
    return new GraphServer(app, url, throughYoga, async () => undefined);
  }

  /** The same server, spoken to on another path (e.g. `/subgraph`); closing it closes nothing. */
  at(path: string): GraphServer {
    return new GraphServer(this.app, new URL(path, this.url).href, this.transport, async () => undefined);
  }

  async query<Result, Variables>(
    document: TypedDocumentNode<Result, Variables> | string,
    variables?: Variables,
  ): Promise<QueryResult<TypedDocumentNode<Result, Variables>>> {
    const { status, text } = await this.transport(
      this.url,
      JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
      },
    );
    return { ...(JSON.parse(text) as ExecutionResult<Result>), text, status };
  }

  /** A raw POST, for bodies that are not a well-formed GraphQL request. */
  async post(
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ): Promise<{ status: number; text: string }> {
    return this.transport(this.url, body, headers);
  }

  async close(): Promise<void> {
    await this.stopListening();
    await this.app.close();
  }
}

/** Runs `use` against a feedgraph server configured from `env`, and closes the server whatever happens. */
export async function withGraph<T>(env: NodeJS.ProcessEnv, use: (graph: GraphServer) => Promise<T>): Promise<T> {
  return using(await GraphServer.start(env), use);
}

/** Like `withGraph`, without a socket: requests go straight to the app's `yoga.fetch`. */
export async function withYoga<T>(env: NodeJS.ProcessEnv, use: (graph: GraphServer) => Promise<T>): Promise<T> {
  return using(await GraphServer.inProcess(env), use);
}

async function using<T>(graph: GraphServer, use: (graph: GraphServer) => Promise<T>): Promise<T> {
  try {
    return await use(graph);
  } finally {
    await graph.close();
  }
}

export { startFakeUpstreams, DEMO_CREDENTIALS };

/**
 * Starts the fake vendors before a test file's tests and stops them after. The returned object delegates to
 * them, so it reads like the FakeUpstreams it stands for; call it at the top level of the file, before hooks
 * that use it.
 */
export function useFakeUpstreams(): FakeUpstreams {
  let current: FakeUpstreams | null = null;
  const started = () => {
    if (!current) throw new Error('the fake vendors are started in beforeAll; use them inside hooks or tests');
    return current;
  };
  beforeAll(async () => {
    current = await startFakeUpstreams();
  });
  afterAll(async () => {
    await current?.close();
    current = null;
  });
  return {
    get servers() {
      return started().servers;
    },
    get providerSettings() {
      return started().providerSettings;
    },
    listening: () => started().listening(),
    // Stopped by the afterAll above.
    close: async () => undefined,
  };
}
