#!/bin/sh
# The image's entrypoint. With SECRETS_FILE set (docker compose sets it), JWT_SECRET and
# SESSION_SECRET not given in the environment are generated once into that file, on the data
# volume, and read back at every start. Without SECRETS_FILE nothing is generated: the service
# refuses to start in production without its secrets.
set -eu

if [ -n "${SECRETS_FILE:-}" ] && { [ -z "${JWT_SECRET:-}" ] || [ -z "${SESSION_SECRET:-}" ]; }; then
  if [ ! -s "$SECRETS_FILE" ]; then
    umask 077
    tmp="$SECRETS_FILE.$$"
    node -e 'const r = () => require("node:crypto").randomBytes(48).toString("base64url");
console.log(`JWT_SECRET=${r()}\nSESSION_SECRET=${r()}`);' > "$tmp"
    # ln refuses to replace a file: when two containers start together, the first one's secrets win.
    if ln "$tmp" "$SECRETS_FILE" 2>/dev/null; then
      echo "Generated JWT_SECRET and SESSION_SECRET into $SECRETS_FILE" >&2
    fi
    rm -f "$tmp"
  fi
  # Values given in the environment win over the generated ones.
  given_jwt="${JWT_SECRET:-}"
  given_session="${SESSION_SECRET:-}"
  . "$SECRETS_FILE"
  JWT_SECRET="${given_jwt:-$JWT_SECRET}"
  SESSION_SECRET="${given_session:-$SESSION_SECRET}"
  export JWT_SECRET SESSION_SECRET
fi

exec "$@"
