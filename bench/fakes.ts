import type { RecordedRequest } from '../src/demo/fake-server.js';
import { startFakeUpstreams } from '../src/demo/index.js';

/**
 * The benchmark's fake vendors, in a process of their own so their work does not share feedgraph's event
 * loop. IPC: 'mark' starts recording the calls of one query, 'calls' returns them; 'count' the total.
 */
type Message = { type: 'mark' } | { type: 'calls' } | { type: 'count' } | { type: 'stop' };

const latency = Number(process.env.BENCH_UPSTREAM_LATENCY_MS ?? '0');
const fakes = await startFakeUpstreams();
const upstream = fakes.servers['threads-graph'];
for (const server of Object.values(fakes.servers)) {
  server.setLatency(latency);
  server.recordRequests(false);
}
let marked: RecordedRequest[] = [];

process.on('message', (message: Message) => {
  if (message.type === 'mark') {
    upstream.requests.length = 0;
    upstream.recordRequests(true);
    process.send?.({ type: 'marked' });
  } else if (message.type === 'calls') {
    upstream.recordRequests(false);
    marked = [...upstream.requests];
    process.send?.({ type: 'calls', calls: marked.map((call) => ({ path: call.path, query: call.query })) });
  } else if (message.type === 'count') {
    process.send?.({ type: 'count', count: upstream.requestCount });
  } else {
    void fakes.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', settings: fakes.providerSettings });
