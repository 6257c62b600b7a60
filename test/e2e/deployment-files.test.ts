import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROVIDERS } from '../../src/providers/descriptors.js';

// No Docker daemon runs where the tests run, and hadolint is neither an npm nor a Debian package, so the
// Dockerfile, .dockerignore and compose.yaml are checked statically: parsed, and held to what docs/operations.md promises.

const ROOT = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, ROOT), 'utf8');

interface Instruction {
  keyword: string;
  argument: string;
}

interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Dockerfile instructions grouped by stage: continuation lines joined, comments and parser directives left out. */
function stagesOf(dockerfile: string): Stage[] {
  const logicalLines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logicalLines) {
    const [, keyword = '', argument = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, base = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argument) ?? [];
      stages.push({ name, base, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), argument });
    }
  }
  return stages;
}

const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.argument);

/** `npm start` without the shell's `exec`: the command the image must run as PID 1. */
function productionCommand(): string[] {
  const manifest = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  return manifest.scripts.start!.replace(/^exec /, '').split(' ');
}

describe('Dockerfile', () => {
  const stages = stagesOf(read('Dockerfile'));
  const build = stages.find((stage) => stage.name === 'build');
  const runtime = stages.at(-1)!;
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('builds in a stage with the devDependencies and compiles with npm run build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(build!.base).toMatch(/^node:/);
    expect(all(build!, 'RUN')).toContain('npm ci --no-audit --no-fund');
    expect(all(build!, 'RUN')).toContain('npm run build');
  });

  it('runs from a fresh stage with only the production dependencies and the compiled dist/', () => {
    expect(runtime).not.toBe(build);
    expect(runtime.base).toMatch(/^node:/);
    expect(all(runtime, 'RUN').some((command) => command.startsWith('npm ci --omit=dev'))).toBe(true);
    expect(all(runtime, 'COPY')).toContain('--from=build /app/dist ./dist');
    expect(all(runtime, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
  });

  it('copies everything the server reads at run time: the manifests, the prestart script, the demo fixtures', () => {
    const copied = all(runtime, 'COPY').filter((argument) => !argument.startsWith('--from'));
    expect(copied).toEqual(expect.arrayContaining(['package.json package-lock.json ./', 'scripts ./scripts', 'fixtures ./fixtures']));
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const sources = stages
      .flatMap((stage) => all(stage, 'COPY').filter((argument) => !argument.startsWith('--from')))
      .flatMap((argument) => argument.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(new URL(source, ROOT)), source).toBe(true);
      expect(
        ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
        source,
      ).toEqual([]);
    }
  });

  it('keeps secrets, dependencies and build output out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['.git', '.env', '.env.*', 'node_modules', 'dist', 'test']));
  });

  it('runs as a user other than root', () => {
    const users = all(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const order = runtime.instructions.map((instruction) => instruction.keyword);
    expect(order.indexOf('USER')).toBeLessThan(order.indexOf('CMD'));
  });

  it('checks its health on /health', () => {
    const [healthcheck] = all(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \[/);
    expect(healthcheck).toContain('/health');
  });

  it("starts node itself on dist/server.js with npm start's Node flags, in exec form so the server receives SIGTERM", () => {
    const [command] = all(runtime, 'CMD');
    const argv = JSON.parse(command!) as string[];
    expect(argv).toEqual(productionCommand());
    expect(argv[0]).toBe('node');
    expect(argv).toContain('dist/server.js');
    expect(argv).toContain('--max-semi-space-size=32');
    expect(all(runtime, 'ENTRYPOINT')).toEqual([]);
  });
});

describe('compose.yaml', () => {
  type Service = {
    build?: string | { context: string; target?: string };
    image?: string;
    environment?: Record<string, string>;
    ports?: string[];
    command?: string[];
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test: string[] };
    deploy?: { replicas?: string | number };
    volumes?: string[];
  };
  const compose = parse(read('compose.yaml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const { feedgraph, redis, gateway, supergraph, balancer } = compose.services;
  // The settings the environment may set are read in config.ts and access-settings.ts.
  const configSource = read('src/config.ts') + read('src/access-settings.ts');
  // The providers' variables are declared by their descriptors, not in config.ts.
  const PROVIDER_VARIABLES = new Set(PROVIDERS.flatMap((descriptor) => Object.keys(descriptor.variables)));

  it('runs feedgraph from this Dockerfile, in production, beside Redis and Hive Gateway', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['feedgraph', 'redis', 'gateway']));
    expect(feedgraph?.build).toBe('.');
    expect(feedgraph?.environment?.NODE_ENV).toBe('production');
    expect(redis?.image).toMatch(/^redis:/);
    expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(gateway?.image).toMatch(/^ghcr\.io\/graphql-hive\/gateway:/);
  });

  it('refuses to come up without CURSOR_SECRET, as production does', () => {
    expect(feedgraph?.environment?.CURSOR_SECRET).toMatch(/^\$\{CURSOR_SECRET:\?.+\}$/);
  });

  it('sets only variables feedgraph reads', () => {
    for (const name of Object.keys(feedgraph?.environment ?? {})) {
      if (PROVIDER_VARIABLES.has(name)) continue;
      expect(configSource, name).toMatch(new RegExp(`\\b${name}:`));
    }
  });

  it('publishes only the gateway, which serves the supergraph composed from the running feedgraph', () => {
    expect(feedgraph?.ports).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own ${VARIABLE} syntax, read as text
    expect(gateway?.ports).toEqual(['${GATEWAY_PORT:-4000}:4000']);
    expect(gateway?.depends_on?.supergraph?.condition).toBe('service_completed_successfully');
    expect(supergraph?.depends_on?.balancer?.condition).toBe('service_started');
    expect(balancer?.depends_on?.feedgraph?.condition).toBe('service_healthy');
    expect(supergraph?.build).toEqual({ context: '.', target: 'build' });
    // The subgraph schema is on its own path; /graphql serves only the client schema, without _service or _entities.
    expect(supergraph?.command?.join(' ')).toContain('src/tools/compose-supergraph.ts feedgraph=http://balancer:8080/subgraph');
    expect(feedgraph?.environment?.SUBGRAPH).toBe('on');
    expect(existsSync(new URL('src/tools/compose-supergraph.ts', ROOT))).toBe(true);
    expect(gateway?.command).toEqual(['supergraph', '/supergraph/supergraph.graphql']);
    expect(compose.volumes).toHaveProperty('supergraph');
  });

  it('runs several replicas sharing one Redis behind a round-robin balancer', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own ${VARIABLE} syntax, read as text
    expect(feedgraph?.deploy?.replicas).toBe('${FEEDGRAPH_REPLICAS:-2}');
    expect(feedgraph?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(feedgraph?.depends_on?.redis?.condition).toBe('service_healthy');
    expect(balancer?.image).toMatch(/^nginx:/);
    expect(balancer?.volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/nginx.conf:ro']);
    const nginx = read('deploy/nginx.conf');
    expect(nginx).toMatch(/upstream feedgraph \{[^}]*server feedgraph:4000 resolve;/);
    expect(nginx).toMatch(/listen 8080;/);
    expect(nginx).toMatch(/proxy_pass http:\/\/feedgraph;/);
  });
});
