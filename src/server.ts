import { createServer } from 'node:http';
import { startApp } from './app.js';
import { ConfigError } from './config.js';
import { createJsonLogger } from './logger.js';
import { guardUnhandledRejections } from './unhandled-rejections.js';

/** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
const logger = createJsonLogger('info');

try {
  const app = await startApp();
  guardUnhandledRejections(process, logger, app.metrics);
  const server = createServer(app.yoga);
  server.listen(app.config.port, app.config.host, () => {
    const mode = app.config.demo ? 'demo mode (in-process fake vendors, no keys, no network)' : `providers: ${app.registry.all.map((provider) => provider.id).join(', ')}`;
    logger.info(`feedgraph listening on http://${app.config.host === '0.0.0.0' ? 'localhost' : app.config.host}:${app.config.port}/graphql — ${mode}`);
  });
  // Stop accepting, report not-ready, let in-flight requests finish, then close the vendors' connections and exit.
  const shutdown = (signal: string) => {
    logger.info(`${signal}: finishing in-flight requests, then exiting`);
    app.beginShutdown();
    server.close(() => void app.close().then(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
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
