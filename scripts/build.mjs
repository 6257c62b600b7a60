// Compiles src/ into dist/ with tsc (tsconfig.build.json). Plain JavaScript, so `npm start`'s prestart runs
// where only the production dependencies are installed.
//   node scripts/build.mjs             a clean build
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than the sources (prestart);
//                                      nothing to do where there are no sources (an installed package, the image)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'src');
const entryPoint = join(root, 'dist', 'server.js');
const buildInputs = [sources, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];

function newestModification(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestModification(join(path, name))), stats.mtimeMs);
}

function isCurrent() {
  if (!existsSync(entryPoint)) return false;
  return newestModification(entryPoint) >= Math.max(...buildInputs.filter(existsSync).map(newestModification));
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

if (process.argv.includes('--if-stale')) {
  if (!existsSync(sources) || isCurrent()) process.exit(0);
  console.error(
    existsSync(entryPoint) ? 'src/ changed since dist/ was built: building…' : 'dist/ is missing: building it once (npm run build)…',
  );
}
const compiler = typescriptCompiler();
if (!compiler) {
  console.error(
    'dist/ needs building and TypeScript is not installed (only production dependencies?): run `npm ci && npm run build` first',
  );
  process.exit(1);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const build = spawnSync(process.execPath, [compiler, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
process.exit(build.status ?? 1);
