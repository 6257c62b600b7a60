# syntax=docker/dockerfile:1
# feedgraph: build with the devDependencies, run with the production ones only.
# Checked statically by test/e2e/deployment-files.test.ts: no Docker daemon runs where the tests run, and hadolint
# is neither an npm nor a Debian package, so the test parses this file instead.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY scripts ./scripts
# The demo's vendor data, for DEMO=1 (production refuses to serve it unless asked).
COPY fixtures ./fixtures
COPY --from=build /app/dist ./dist
# The files stay root's: the server can read its code, not change it.
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# The server itself is PID 1 and receives SIGTERM (never `npm start`); it drains in up to 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=32", "dist/server.js"]
