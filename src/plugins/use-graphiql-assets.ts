import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** Where the GraphiQL bundle is served from: the server itself, so GraphiQL works with no network. */
const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';

const FILES: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  // The package really names this file with two dots.
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

const distDirectory = () => join(dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');

/** Serves the GraphiQL bundle from the installed @graphql-yoga/graphiql package (yoga's default page loads it from a CDN). */
export function useGraphiQLAssets(): Plugin {
  const cache = new Map<string, Promise<Buffer>>();
  return {
    // Synchronous for every other request, so GraphQL requests pay no promise for this hook.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const name = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
      if (!type) return endResponse(new fetchAPI.Response('Not found', { status: 404 }));
      let body = cache.get(name);
      if (!body) {
        body = readFile(join(distDirectory(), name));
        cache.set(name, body);
      }
      return body.then((bytes) =>
        endResponse(
          new fetchAPI.Response(new Uint8Array(bytes), {
            status: 200,
            headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
          }),
        ),
      );
    },
  };
}

/** The GraphiQL page, as yoga renders it, but loading the bundle and its editor workers from this server. */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const asset = (name: string) => `${GRAPHIQL_ASSETS_PATH}${name}`;
  const workers = {
    editorWorkerService: asset('monacoeditorwork/editor.worker.bundle.js'),
    json: asset('monacoeditorwork/json.worker.bundle.js'),
    graphql: asset('monacoeditorwork/graphql.worker..bundle.js'),
  };
  const title = String(options.title ?? 'GraphiQL').replace(/[<>&"]/g, '');
  // The installed GraphiQL opens its first tab with `initialQuery`; `defaultQuery` only seeds new tabs.
  const props = { ...options, initialQuery: options.defaultQuery };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${asset('graphiql.css')}"></head>
<body id="body" class="no-focus-outline"><noscript>You need to enable JavaScript to run this app.</noscript><div id="root">Loading ${title}…</div>
<script>
const workers = {};
const workerUrls = ${JSON.stringify(workers)};
function prepareWorkers() {
  return Promise.all(Object.entries(workerUrls).map(async ([name, url]) => {
    const source = await (await fetch(url)).text();
    workers[name] = URL.createObjectURL(new Blob([source], { type: 'application/javascript' }));
  }));
}
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_, label) => workers[label] };
</script>
<script src="${asset('yoga-graphiql.umd.js')}"></script>
<script>prepareWorkers().finally(() => YogaGraphiQL.renderYogaGraphiQL(root, ${JSON.stringify(props).replace(/</g, '\\u003c')}));</script>
</body></html>`;
}
