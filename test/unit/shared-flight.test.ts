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
  it('gives the caller the answer at once and each joined request a turn later, when the turns end before another call would', async () => {
    const vendor = deferred<string>();
    const flight = new SharedFlight(vendor.promise);
    const heard: string[] = [];
    const joined = [1, 2, 3].map((index) => flight.join().then((answer) => heard.push(`joined ${index}: ${answer}`)));
    await new Promise((resolve) => setTimeout(resolve, 100));
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

  it('resumes the joined requests together when the vendor answered faster than their turns would take', async () => {
    const vendor = deferred<string>();
    const flight = new SharedFlight(vendor.promise);
    let heard = 0;
    const joined = [1, 2, 3].map(() => flight.join().then(() => (heard += 1)));
    vendor.resolve('page');
    await flight.answer;
    const busyUntil = performance.now() + 5;
    while (performance.now() < busyUntil);
    await nextTurn();
    expect(heard).toBe(3);
    await Promise.all(joined);
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
