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
      presetConfig: { fragmentMasking: false },
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
