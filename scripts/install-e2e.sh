#!/bin/bash
# Installs what `npm run test:e2e` needs on a fresh Debian machine, idempotently:
#   - apt: chromium (the headless browser that hosts the VS Code workbench), libkrb5-dev (kerberos
#     native module of the VS Code server), ripgrep (seeds @vscode/ripgrep, whose own download needs GitHub);
#   - npm: code-server@4.100.3 (VS Code 1.100.3 server, Node 20) into the git-ignored .e2e/ folder.
# code-server is deliberately not a project dependency: its postinstall rebuilds native modules and needs
# the environment tricks below on every `npm install`.
# Fails (non-zero, with a message) when something cannot be installed; it never skips silently.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep version and the ripgrep release it downloads, as pinned by code-server 4.100.3.
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT=$(cd "$(dirname "$0")/.." && pwd)
E2E=$ROOT/.e2e
PREFIX=$E2E/code-server
SERVER_MAIN=$PREFIX/node_modules/code-server/lib/vscode/out/server-main.js

fail() { echo "install-e2e: $*" >&2; exit 1; }
say() { echo "install-e2e: $*"; }

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || fail "only Linux x86_64 is supported (code-server's native modules, the ripgrep seed)."
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]') || fail "node is not on PATH."
# code-server's postinstall refuses any other Node major than the one its engines field names.
[ "$NODE_MAJOR" = 20 ] || fail "code-server@$CODE_SERVER_VERSION needs Node 20, found $(node -v)."

# --- Debian packages -------------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "apt-get not found; install ${missing[*]} by hand."
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq || fail "apt-get update failed."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed."
else
  say "chromium, libkrb5-dev and ripgrep are installed"
fi
chromium_version=$(/usr/bin/chromium --version 2>/dev/null) || fail "/usr/bin/chromium does not start."

# --- code-server ----------------------------------------------------------------------------------
installed=$(node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true)
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -f "$SERVER_MAIN" ] && [ -f "$E2E/.installed-$CODE_SERVER_VERSION" ]; then
  say "code-server $CODE_SERVER_VERSION is installed in .e2e/"
else
  say "npm install code-server@$CODE_SERVER_VERSION into .e2e/ (1-3 minutes: native modules are compiled)"
  rm -rf "$PREFIX" "$E2E"/.installed-*
  mkdir -p "$PREFIX" "$E2E/tmp/$RIPGREP_CACHE" "$E2E/tmp/rg"
  # Seed @vscode/ripgrep's download cache with Debian's rg: its postinstall looks there before GitHub.
  cp "$(command -v rg)" "$E2E/tmp/rg/rg"
  tar czf "$E2E/tmp/$RIPGREP_CACHE/$RIPGREP_ASSET" -C "$E2E/tmp/rg" rg
  echo '{"private":true}' >"$PREFIX/package.json"
  # unsafe_perm: the postinstall refuses to run as root without it. yes: node-pty's postinstall runs
  # `npx node-gyp`, which a global `yes=false` would cancel.
  (cd "$PREFIX" && TMPDIR="$E2E/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION") \
    || fail "npm install code-server@$CODE_SERVER_VERSION failed (see the npm log above)."
  [ -f "$SERVER_MAIN" ] || fail "code-server installed, but $SERVER_MAIN is missing (its postinstall did not run)."
  [ -d "$PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin" ] \
    || fail "code-server's ripgrep is missing (the ripgrep seed was not used)."
  rm -rf "$E2E/tmp"
  touch "$E2E/.installed-$CODE_SERVER_VERSION"
fi
# The bundled VS Code server is what e2e-run starts (the code-server CLI would write ~/.config/code-server).
vscode_version=$(node "$SERVER_MAIN" --version 2>/dev/null | head -1) || fail "the VS Code server does not start."
say "ready: code-server $CODE_SERVER_VERSION (VS Code $vscode_version), $chromium_version"
