import { createServer, type ServerResponse } from 'node:http';
import { startApp } from './app.js';
import { ConfigError } from './config.js';
import { createJsonLogger } from './logger.js';
import { guardUnhandledRejections } from './unhandled-rejections.js';

/** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
const logger = createJsonLogger('info');

/** Responses in flight: on a drain, those whose headers are not written yet tell their clients to reconnect elsewhere. */
const inFlight = new Set<ServerResponse>();
function forget(this: ServerResponse): void {
  inFlight.delete(this);
}

try {
  const app = await startApp();
  guardUnhandledRejections(process, logger, app.metrics);
  let draining = false;
  const server = createServer((request, response) => {
    if (draining) {
      response.setHeader('connection', 'close');
    } else {
      inFlight.add(response);
      response.once('close', forget);
    }
    void app.yoga(request, response);
  });
  server.listen(app.config.port, app.config.host, () => {
    const mode = app.config.demo
      ? 'demo mode (in-process fake vendors, no keys, no network)'
      : `providers: ${app.registry.all.map((provider) => provider.id).join(', ')}`;
    logger.info(
      `feedgraph listening on http://${app.config.host === '0.0.0.0' ? 'localhost' : app.config.host}:${app.config.port}/graphql — ${mode}`,
    );
  });
  // Report not-ready, stop accepting, answer what is in flight with `Connection: close` (Node then closes each
  // connection after its response), close the idle ones, then the vendors' connections, and exit.
  const shutdown = (signal: string) => {
    logger.info(`${signal}: finishing in-flight requests, then exiting`);
    app.beginShutdown();
    draining = true;
    for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
    server.close(() => {
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('closing the vendor connections failed:', error instanceof Error ? error : String(error));
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn(`${SHUTDOWN_GRACE_MS} ms after ${signal}: cutting the connections still open`);
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) {
    logger.error(error.message);
    process.exit(2);
  }
  throw error;
}
