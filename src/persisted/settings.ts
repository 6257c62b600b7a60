import type { PersistedDocumentManifest } from './manifest.js';

export interface PersistedDocumentSettings {
  /** The trusted documents (codegen's manifest); null when none is configured. */
  manifest: PersistedDocumentManifest | null;
  /** Refuse every operation that is not in the manifest; automatic registration is then off. */
  only: boolean;
  /** Automatic persisted queries; null when switched off. */
  apq: { maxEntries: number } | null;
}

export const DEFAULT_PERSISTED_DOCUMENT_SETTINGS: PersistedDocumentSettings = { manifest: null, only: false, apq: { maxEntries: 1_000 } };
