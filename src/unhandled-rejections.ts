import type { YogaLogger } from 'graphql-yoga';
import type { UpstreamMetrics } from './metrics.js';

/**
 * The last line of defence: a rejection no code handled is logged at error level and counted
 * (`feedgraph_unhandled_rejections_total`), and the process keeps serving instead of exiting, as Node does by
 * default. Every one is a bug to fix where the promise was started.
 */
export function guardUnhandledRejections(
  target: Pick<NodeJS.EventEmitter, 'on'>,
  logger: YogaLogger,
  metrics: Pick<UpstreamMetrics, 'recordUnhandledRejection'>,
): void {
  target.on('unhandledRejection', (reason: unknown) => {
    metrics.recordUnhandledRejection();
    const details = reason instanceof Error ? { stack: reason.stack } : { reason: String(reason) };
    logger.error('unhandled promise rejection; the process keeps serving', details, ...(reason instanceof Error ? [reason] : []));
  });
}
