import { readFileSync } from 'node:fs';
import type { ExecutionResult } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { Agent, request } from 'undici';
import { answerCpuMessage, metered } from './cpu-meter.js';
import { listen } from './listen.js';
import { answerPhaseMessage } from './phase-meter.js';

/**
 * The benchmark's bare graphql-yoga servers, in a process of their own, with feedgraph's schema: a "ceiling"
 * that answers with a recorded result from memory, and a "floor" that first makes the same vendor calls as
 * feedgraph: what yoga and undici alone add on this machine. Driven over IPC by bench/run.ts.
 */
interface Recording {
  result: ExecutionResult;
  upstreamUrls: string[];
  /** The vendor's credentials, for vendors that take them in a header (AIsa's Bearer key). */
  upstreamHeaders?: Record<string, string>;
}
type Message =
  | ({ type: 'record'; operationName: string } & Recording)
  | { type: 'cpu-start' }
  | { type: 'cpu-stop' }
  | { type: 'phases-start' }
  | { type: 'phases-stop' }
  | { type: 'stop' };

const recorded = new Map<string, Recording>();
const schema = createSchema({ typeDefs: readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8') });
/** Parses and validates like feedgraph, then answers from memory instead of executing. */
const answerFromMemory: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    const entry = recorded.get(args.operationName ?? '');
    if (entry) setResultAndStopExecution(entry.result);
  },
};

/** Parses and validates like feedgraph, makes the same vendor calls concurrently (bodies parsed), then answers from memory. */
const floorAgent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
const callThenAnswer: Plugin = {
  onExecute({ args, setExecuteFn }) {
    const entry = recorded.get(args.operationName ?? '');
    if (!entry) return;
    setExecuteFn(async () => {
      await Promise.all(
        entry.upstreamUrls.map(async (url) => (await request(url, { dispatcher: floorAgent, headers: entry.upstreamHeaders })).body.json()),
      );
      return entry.result;
    });
  },
};

// Both skip yoga's request body counter, as feedgraph does (src/plugins/use-request-body-limit.ts).
const ceilingYoga = createYoga({ schema, plugins: [answerFromMemory], logging: false, maxRequestBodySize: false });
const floorYoga = createYoga({ schema, plugins: [callThenAnswer], logging: false, maxRequestBodySize: false });
const ceiling = await listen(metered(ceilingYoga));
const floor = await listen(metered(floorYoga));

process.on('message', (message: Message) => {
  if (answerCpuMessage(message) || answerPhaseMessage(message)) return;
  if (message.type === 'record') {
    const { type: _type, operationName, ...recording } = message;
    recorded.set(operationName, recording);
    process.send?.({ type: 'recorded' });
  } else {
    ceiling.server.close();
    floor.server.close();
    void floorAgent.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', urls: { ceiling: ceiling.url, floor: floor.url } });
