import type { ProviderId } from '../domain.js';
import type { AnyProviderDescriptor } from '../providers/descriptor.js';
import { PROVIDERS, type DemoCredentials, type ProviderSettings } from '../providers/descriptors.js';
import type { FakeServer } from './fake-server.js';

export type { DemoCredentials };

type Descriptor = (typeof PROVIDERS)[number];
type ServerOf<Entry> = Entry extends { demo: { startFake(credential: string): Promise<infer Server> } } ? Server : never;

/** The credentials the fakes accept in demo mode, from each descriptor. They unlock nothing real. */
export const DEMO_CREDENTIALS = Object.fromEntries(
  PROVIDERS.map((descriptor) => [descriptor.demo.credentialKey, descriptor.demo.credential]),
) as DemoCredentials;

export interface FakeUpstreams {
  servers: { [Entry in Descriptor as Entry['id']]: ServerOf<Entry> } & Record<ProviderId, FakeServer>;
  /** Every provider pointed at its fake, with the demo credentials. */
  providerSettings: ProviderSettings;
  /** Whether every fake is still listening. */
  listening(): boolean;
  close(): Promise<void>;
}

/** Starts one loopback server per descriptor, each speaking that vendor's API from its fixtures. */
export async function startFakeUpstreams(
  credentials: DemoCredentials = DEMO_CREDENTIALS,
  descriptors: readonly AnyProviderDescriptor[] = PROVIDERS,
): Promise<FakeUpstreams> {
  const given = new Map<string, string>(Object.entries(credentials));
  const started = await Promise.all(
    descriptors.map(async (descriptor) => {
      const credential = given.get(descriptor.demo.credentialKey) ?? descriptor.demo.credential;
      const server = await descriptor.demo.startFake(credential);
      return { descriptor, server, settings: descriptor.demo.settingsFor(server.url, credential) };
    }),
  );
  // Built from the list, so typed by the list: the shipped descriptors' ids and keys, plus any a test adds.
  const servers = Object.fromEntries(started.map(({ descriptor, server }) => [descriptor.id, server])) as FakeUpstreams['servers'];
  const all = started.map(({ server }) => server);
  return {
    servers,
    providerSettings: Object.fromEntries(started.map(({ descriptor, settings }) => [descriptor.settingsKey, settings])) as ProviderSettings,
    listening: () => all.every((server) => server.listening),
    close: async () => {
      await Promise.all(all.map((server) => server.close()));
    },
  };
}
