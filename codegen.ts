import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the tests (and for clients): `npm run codegen`. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: false,
  // ESM with NodeNext resolution: generated relative imports carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      // persisted-documents.json maps each operation's `sha256:<hex>` id to its normalized text: the trusted
      // documents a server started with PERSISTED_DOCUMENTS serves; each document carries its id in `__meta__.hash`.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', URL: 'string', SafeInt: 'number' },
        strictScalars: true,
      },
    },
  },
};

export default config;
