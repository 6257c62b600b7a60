import { loadGraphQLSchemaFromOpenAPI } from '@omnigraph/openapi';
import { createYoga } from 'graphql-yoga';
import { answerCpuMessage, metered } from './cpu-meter.js';
import { listen } from './listen.js';

/**
 * The benchmark's peer: GraphQL Mesh's OpenAPI loader over AIsa's published document (bench/aisa-openapi.yaml),
 * pointed at the fake AIsa at BENCH_AISA_BASE_URL with the Bearer key BENCH_AISA_API_KEY, served by graphql-yoga
 * as a Mesh user would, in a process of its own. Driven over IPC by bench/mesh.ts.
 */
const schema = await loadGraphQLSchemaFromOpenAPI('aisa', {
  source: './aisa-openapi.yaml',
  cwd: new URL('.', import.meta.url).pathname,
  endpoint: process.env.BENCH_AISA_BASE_URL,
  operationHeaders: { authorization: `Bearer ${process.env.BENCH_AISA_API_KEY}` },
});
const mesh = await listen(metered(createYoga({ schema, logging: false })));

process.on('message', (message: { type: string }) => {
  if (answerCpuMessage(message)) return;
  mesh.server.close();
  process.exit(0);
});
process.send?.({ type: 'ready', urls: { mesh: mesh.url } });
