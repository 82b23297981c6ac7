#!/usr/bin/env bash
# Shows that the language server works from a second, independent LSP client: headless
# Neovim (Debian's `neovim` package, 0.7 or newer) opens a small chart's hook template,
# starts dist/server.js with --stdio and prints the diagnostics, a hover and a completion.
# A documented manual check, not part of CI:  npm run build && bash scripts/check-neovim.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nvim >/dev/null || { echo "nvim not found: apt-get install -y neovim" >&2; exit 2; }
server="${HELM_HOOKS_SERVER:-$PWD/dist/server.js}"
[ -f "$server" ] || { echo "$server not found: run npm run build first" >&2; exit 2; }

# The chart (a hook Job with an unknown event and a trailing comma) is a test fixture; Neovim
# gets a copy, so nothing it writes lands in the repository.
chart="$(mktemp -d)"
trap 'rm -rf "$chart"' EXIT
cp -R test/server/fixtures/neovim-chart/. "$chart/"

HELM_HOOKS_SERVER="$server" HELM_HOOKS_CHART="$chart" \
  timeout 60 nvim --headless --clean -n -u NONE "$chart/templates/job.yaml" -c "luafile scripts/neovim/check.lua"
