import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

/**
 * `npm run compose -- feedgraph=http://localhost:4000/subgraph other=http://…/graphql > supergraph.graphql`
 * reads each running subgraph's `_service { sdl }` and composes a Federation v2 supergraph for a gateway.
 */
async function sdlOf(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} did not return its subgraph SDL: ${JSON.stringify(body.errors ?? body)}`);
  return sdl;
}

const services = await Promise.all(
  process.argv.slice(2).map(async (argument) => {
    const [name, url] = argument.split('=');
    if (!name || !url) throw new Error(`expected name=url, got "${argument}"`);
    return { name, url, typeDefs: parse(await sdlOf(url)) };
  }),
);
if (services.length === 0) {
  console.error('usage: npm run compose -- feedgraph=http://localhost:4000/subgraph [name=url …]');
  process.exit(2);
}
const result = composeServices(services);
if (result.errors?.length) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl ?? '');
