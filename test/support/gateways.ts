import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices as composeWithApollo } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { type DocumentNode, parse, print } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';

export interface Subgraph {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

/** Both composition libraries' supergraphs for the same subgraphs, or every error either reports. */
export function composeWithBoth(subgraphs: Subgraph[]): { apollo: string; theGuild: string } {
  const apollo = composeWithApollo(subgraphs);
  const theGuild = composeWithTheGuild(subgraphs);
  const errors = [
    ...(apollo.errors ?? []).map((error) => `@apollo/composition: ${error.message}`),
    ...(theGuild.errors ?? []).map((error) => `@theguild/federation-composition: ${error.message}`),
  ];
  if (errors.length > 0 || !apollo.supergraphSdl || !theGuild.supergraphSdl) throw new Error(errors.join('\n'));
  return { apollo: apollo.supergraphSdl, theGuild: theGuild.supergraphSdl };
}

/** What a subgraph serves for `_service { sdl }`, as a router reads it. */
export async function subgraphOf(name: string, url: string): Promise<Subgraph> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} served no subgraph SDL: ${JSON.stringify(body)}`);
  return { name, url, typeDefs: parse(sdl) };
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

export interface Gateway {
  query(query: string): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string }[] }>;
  close(): Promise<void>;
}

async function asked(fetchResponse: Response | Promise<Response>): ReturnType<Gateway['query']> {
  return (await (await fetchResponse).json()) as Awaited<ReturnType<Gateway['query']>>;
}

const postOf = (query: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

/** Hive Gateway over a supergraph, unmasked so a failure shows the subgraph's error. */
export function hiveGateway(supergraph: string): Gateway {
  const gateway = createGatewayRuntime({ supergraph, logging: false, maskedErrors: false });
  return {
    query: (query) => asked(gateway.fetch('http://gateway/graphql', postOf(query))),
    close: async () => {
      await gateway.dispose();
    },
  };
}

/**
 * Apollo Gateway over a supergraph, calling the subgraphs over loopback HTTP. `@apollo/server` is not installed:
 * yoga serves the gateway's schema and hands each operation to its executor, with the request context it reads.
 */
export async function apolloGateway(supergraphSdl: string): Promise<Gateway> {
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new RemoteGraphQLDataSource({ url }) });
  const { schema, executor } = await gateway.load();
  const useGatewayExecutor: Plugin = {
    onExecute({ setExecuteFn }) {
      setExecuteFn(async (args) => {
        const source = print(args.document);
        const requestContext = {
          request: { query: source, operationName: args.operationName ?? undefined, variables: args.variableValues ?? {} },
          document: args.document,
          source,
          queryHash: createHash('sha256').update(source).digest('hex'),
          operationName: args.operationName ?? null,
          context: {},
          metrics: {},
          cache: undefined,
          logger: console,
          schema,
          overallCachePolicy: { restrict: () => undefined, replace: () => undefined, policyIfCacheable: () => null },
        };
        return executor(requestContext as unknown as Parameters<typeof executor>[0]);
      });
    },
  };
  const yoga = createYoga({ schema, logging: false, maskedErrors: false, plugins: [useGatewayExecutor] });
  return { query: (query) => asked(yoga.fetch('http://gateway/graphql', postOf(query))), close: () => gateway.stop() };
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
