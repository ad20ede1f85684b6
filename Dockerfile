# Build: compiles TypeScript and the native modules (better-sqlite3 from source when no prebuilt
# binary can be downloaded, against this image's own Node headers; argon2 ships its binaries).
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The demo data (DEMO_DATA=true) imports the sample dossiers.
COPY --from=build /app/samples ./samples
COPY package.json ./
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/guichet-entrypoint
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["guichet-entrypoint"]
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
