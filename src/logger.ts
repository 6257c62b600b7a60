import type { YogaLogger } from 'graphql-yoga';

/**
 * The request each error met while serving it belongs to, so the line yoga writes when it masks one names the
 * request. (AsyncLocalStorage would do this for every line, but on Node 20 it hooks every promise of every request.)
 */
const requestIds = new WeakMap<Error, string>();

export function rememberRequestOf(error: Error, requestId: string): void {
  requestIds.set(error, requestId);
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A message and its fields; an Error becomes its name and message (never its stack's locals, never vendor URLs). */
function describe(args: unknown[]): { msg: string; fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  const words: string[] = [];
  for (const arg of args) {
    if (arg instanceof Error) {
      const requestId = requestIds.get(arg);
      if (requestId) fields.requestId = requestId;
      // A GraphQL error wrapping a thrown one is logged as the thrown one, at its place in the result.
      const cause = 'originalError' in arg && arg.originalError instanceof Error ? arg.originalError : arg;
      const path = 'path' in arg && Array.isArray(arg.path) ? { path: arg.path.join('.') } : {};
      fields.error = {
        name: cause.name,
        message: arg.message,
        ...path,
        ...('code' in cause && typeof cause.code === 'string' ? { code: cause.code } : {}),
      };
      words.push(arg.message);
    } else if (typeof arg === 'object' && arg !== null) {
      Object.assign(fields, arg);
    } else {
      words.push(String(arg));
    }
  }
  return { msg: words.join(' '), fields };
}

/** JSON lines on stdout: `{"level","time","msg","requestId",...}`, at or above `minimum`. */
export function createJsonLogger(
  minimum: Level = 'info',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): YogaLogger {
  const log =
    (level: Level) =>
    (...args: unknown[]) => {
      if (ORDER[level] < ORDER[minimum]) return;
      const { msg, fields } = describe(args);
      write(JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields }));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
