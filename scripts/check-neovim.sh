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

chart="$(mktemp -d)"
trap 'rm -rf "$chart"' EXIT
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: nvim-demo\nversion: 0.1.0\n' > "$chart/Chart.yaml"
cat > "$chart/templates/job.yaml" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: nvim-demo-migrate
  annotations:
    "helm.sh/hook": pre-instal,
    "helm.sh/hook-delete-policy": hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox
YAML

HELM_HOOKS_SERVER="$server" HELM_HOOKS_CHART="$chart" \
  timeout 60 nvim --headless --clean -n -u NONE "$chart/templates/job.yaml" -c "luafile scripts/neovim/check.lua"
