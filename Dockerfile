# godot-ws serve in a container: `docker build -t godot-ws .` then
# `docker run -p 9080:9080 godot-ws` (one node) or `docker compose up` (Redis + three nodes).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
EXPOSE 9080
USER node
ENTRYPOINT ["node", "dist/cli/main.js", "serve"]
CMD ["--port", "9080"]
