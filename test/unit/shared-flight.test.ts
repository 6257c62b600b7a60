import { describe, expect, it } from 'vitest';
import { SharedFlight } from '../../src/shared-state/shared-flight.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('SharedFlight', () => {
  it('gives the caller the answer at once and each joined request one event-loop turn after the one before', async () => {
    const vendor = deferred<string>();
    const flight = new SharedFlight(vendor.promise);
    const heard: string[] = [];
    const joined = [1, 2, 3].map((index) => flight.join().then((answer) => heard.push(`joined ${index}: ${answer}`)));
    vendor.resolve('page');
    heard.push(`caller: ${await flight.answer}`);
    expect(heard).toEqual(['caller: page']);
    await nextTurn();
    expect(heard).toEqual(['caller: page', 'joined 1: page']);
    await nextTurn();
    expect(heard).toHaveLength(3);
    await nextTurn();
    await Promise.all(joined);
    expect(heard).toEqual(['caller: page', 'joined 1: page', 'joined 2: page', 'joined 3: page']);
  });

  it('hands a vendor error to every joined request', async () => {
    const vendor = deferred<string>();
    const flight = new SharedFlight(vendor.promise);
    const joined = [flight.join(), flight.join()];
    vendor.reject(new Error('vendor down'));
    await expect(flight.answer).rejects.toThrow('vendor down');
    for (const request of joined) await expect(request).rejects.toThrow('vendor down');
  });

  it('answers a request that joins after every earlier one was released', async () => {
    const flight = new SharedFlight(Promise.resolve('page'));
    await expect(flight.join()).resolves.toBe('page');
    await nextTurn();
    await expect(flight.join()).resolves.toBe('page');
  });
});
