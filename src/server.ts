import { createServer } from 'node:http';
import { startApp } from './app.js';
import { ConfigError } from './config.js';

try {
  const app = await startApp();
  const server = createServer(app.yoga);
  server.listen(app.config.port, app.config.host, () => {
    const mode = app.config.demo ? 'demo mode (in-process fake vendors, no keys, no network)' : `providers: ${app.registry.all.map((provider) => provider.id).join(', ')}`;
    console.log(`feedgraph listening on http://${app.config.host === '0.0.0.0' ? 'localhost' : app.config.host}:${app.config.port}/graphql — ${mode}`);
  });
  const shutdown = () => server.close(() => void app.close().then(() => process.exit(0)));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
