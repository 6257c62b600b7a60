import { AsyncLocalStorage } from 'node:async_hooks';
import type { YogaLogger } from 'graphql-yoga';

/** The request being served, so every log line written while serving it carries its id. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A message and its fields; an Error becomes its name and message (never its stack's locals, never vendor URLs). */
function describe(args: unknown[]): { msg: string; fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  const words: string[] = [];
  for (const arg of args) {
    if (arg instanceof Error) {
      fields.error = { name: arg.name, message: arg.message, ...('code' in arg && typeof arg.code === 'string' ? { code: arg.code } : {}) };
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
export function createJsonLogger(minimum: Level = 'info', write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): YogaLogger {
  const log = (level: Level) => (...args: unknown[]) => {
    if (ORDER[level] < ORDER[minimum]) return;
    const { msg, fields } = describe(args);
    write(JSON.stringify({ level, time: new Date().toISOString(), msg, requestId: requestScope.getStore()?.requestId, ...fields }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
