import { readFileSync } from 'node:fs';
import type { ProviderId } from '../domain.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** Reads a committed fixture file (vendor payloads, or a fake's dataset). */
export function readFixture<T = unknown>(provider: ProviderId, file: string): T {
  return JSON.parse(readFileSync(new URL(`${provider}/${file}`, FIXTURES), 'utf8')) as T;
}

/** The raw text of a fixture, for payloads whose 64-bit integers JSON.parse would round. */
export function readFixtureText(provider: ProviderId, file: string): string {
  return readFileSync(new URL(`${provider}/${file}`, FIXTURES), 'utf8');
}
