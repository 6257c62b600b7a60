import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/logger.js';
import { UpstreamMetrics } from '../../src/metrics.js';
import { guardUnhandledRejections } from '../../src/unhandled-rejections.js';

describe('the unhandled-rejection guard', () => {
  it('logs each unhandled rejection at error level and counts it in feedgraph_unhandled_rejections_total', async () => {
    const target = new EventEmitter();
    const lines: Record<string, unknown>[] = [];
    const metrics = new UpstreamMetrics();
    guardUnhandledRejections(
      target,
      createJsonLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
      metrics,
    );

    target.emit('unhandledRejection', new Error('threads-graph: profile lookup failed'), Promise.resolve());
    target.emit('unhandledRejection', 'a bare string', Promise.resolve());

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: expect.stringContaining('threads-graph: profile lookup failed'),
        error: { name: 'Error', message: 'threads-graph: profile lookup failed' },
        stack: expect.stringContaining('unhandled-rejections.test.ts'),
      }),
      expect.objectContaining({ level: 'error', msg: 'unhandled promise rejection; the process keeps serving', reason: 'a bare string' }),
    ]);
    expect(await metrics.registry.getSingleMetricAsString('feedgraph_unhandled_rejections_total')).toMatch(
      /^feedgraph_unhandled_rejections_total 2$/m,
    );
  });

  it('starts the metric at 0, so a scrape can tell "none" from "not counted"', async () => {
    expect(await new UpstreamMetrics().registry.metrics()).toMatch(/^feedgraph_unhandled_rejections_total 0$/m);
  });
});
