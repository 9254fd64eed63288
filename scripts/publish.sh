#!/usr/bin/env bash
# Publishes the packaged extension to the VS Code Marketplace and to Open VSX.
# Run by a maintainer holding the tokens:
#   VSCE_PAT=…  OVSX_PAT=…  bash scripts/publish.sh
# Either token may be left out to skip that registry; nothing is published without one.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
vsix="bce-lens-${version}.vsix"
# vsce package runs the vscode:prepublish script first: the production build (npm run build).
npx vsce package --no-dependencies -o "$vsix"
if [ -n "${VSCE_PAT:-}" ]; then
  npx vsce publish --no-dependencies --packagePath "$vsix"   # reads VSCE_PAT
else
  echo "VSCE_PAT not set: skipping the VS Code Marketplace"
fi
if [ -n "${OVSX_PAT:-}" ]; then
  npx ovsx publish "$vsix" -p "$OVSX_PAT"
else
  echo "OVSX_PAT not set: skipping Open VSX"
fi
