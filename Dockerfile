# syntax=docker/dockerfile:1
# Maillage: NestJS API + built React client, one Node.js process (port 3000).
# The image expects MONGODB_URI to point at a MongoDB server (see docker-compose.yml):
# it contains neither Go nor an embedded database server.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- manifests: the lockfile and the workspaces' package.json, which both installs below start from ----
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
COPY client/package.json client/package.json
COPY packages/contract/package.json packages/contract/package.json

# ---- deps: all dependencies (dev included) for the workspaces, from the lockfile ----
# (packages/contract holds types only: the build reads it, the runtime image needs none of it)
FROM manifests AS deps
RUN npm ci --no-audit --no-fund

# ---- build: server (dist/) and client (client/dist/) ----
FROM deps AS build
COPY . .
RUN npm run build && npm run build:client

# ---- prod-deps: runtime dependencies of the server only (argon2 uses its glibc prebuild) ----
FROM manifests AS prod-deps
RUN npm ci --omit=dev --workspaces=false --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --chown=node:node package.json ./
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/client/dist ./client/dist
COPY --chown=node:node scripts/process-guard.cjs ./scripts/process-guard.cjs
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# No curl in the slim image: Node.js 20's fetch does the check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
