#!/usr/bin/env bash
# Renders the extension's icon, packaging/vscode/icon.svg, to packaging/vscode/icon.png
# (256x256, transparent corners) with headless Chromium (Debian's `chromium`). The PNG is
# checked in, so packaging needs no browser; run this again after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium" >&2; exit 2; }
page="$(mktemp -d)"
trap 'rm -rf "$page"' EXIT
printf '<!doctype html><style>html,body{margin:0;background:transparent}</style>%s' "$(cat packaging/vscode/icon.svg)" > "$page/icon.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=256,256 --screenshot="$PWD/packaging/vscode/icon.png" "file://$page/icon.html" 2>/dev/null
echo "packaging/vscode/icon.png: $(stat -c %s packaging/vscode/icon.png) bytes"
