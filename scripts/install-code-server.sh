#!/usr/bin/env bash
# Installs code-server 4.100.3 (= VS Code 1.100.3 server + web workbench) offline
# into .vscode-test/code-server, for the integration and UI tests.
#
# Only the npm registry and Debian apt are needed: code-server's own install
# scripts (which download from GitHub) are skipped and their work done by hand.
# Idempotent: an existing good install is reused (checked with entry.js --version).
#
# Usage: bash scripts/install-code-server.sh [--force]
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
VSCODE_VERSION=1.100.3

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
CS="$DEST/node_modules/code-server"
VS="$CS/lib/vscode"
ENTRY="$CS/out/node/entry.js"

log() { printf '[install-code-server] %s\n' "$*"; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }

# Native modules whose .node file must exist (relative to $VS/node_modules);
# "a|b" means either path will do (@parcel/watcher ships a prebuilt package).
NATIVE_CHECKS=(
  "node-pty/build/Release/pty.node"
  "kerberos/build/Release/kerberos.node"
  "@parcel/watcher/build/Release/watcher.node|@parcel/watcher-linux-x64-glibc/watcher.node"
  "@vscode/spdlog/build/Release/spdlog.node"
  "native-watchdog/build/Release/watchdog.node"
  "@vscode/deviceid/build/Release/windows.node"
)

# code-server writes ~/.config/code-server/config.yaml and ~/.local/share/code-server
# even for --version: keep those inside the install folder.
cs_cli() { XDG_CONFIG_HOME="$DEST/.xdg/config" XDG_DATA_HOME="$DEST/.xdg/data" node "$ENTRY" "$@"; }

installed_ok() {
  [ -f "$ENTRY" ] || return 1
  local out
  out="$(cs_cli --version 2>/dev/null)" || return 1
  # (the first call also logs "Wrote default config file" before the version line)
  printf '%s\n' "$out" | grep -q "^$CODE_SERVER_VERSION .*with Code $VSCODE_VERSION\$" || return 1
  [ -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ] || return 1
  [ -e "$VS/node_modules.asar" ] || return 1
  [ -f "$DEST/.install-complete" ] || return 1
  return 0
}

FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

# ---- 0. Node version ------------------------------------------------------
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)"
[ -n "$NODE_MAJOR" ] || die "node is not on PATH"
[ "$NODE_MAJOR" = "20" ] || die "code-server $CODE_SERVER_VERSION needs Node 20 exactly (found $(node --version))"

# ---- 1. Debian packages ---------------------------------------------------
need_pkgs=()
for p in libkrb5-dev ripgrep chromium; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    need_pkgs+=("$p")
  fi
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "installing Debian packages: ${need_pkgs[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to apt-get install ${need_pkgs[*]}"
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/tmp/install-code-server-apt.log 2>&1 \
    || { tail -30 /tmp/install-code-server-apt.log >&2; die "apt-get install ${need_pkgs[*]} failed (log: /tmp/install-code-server-apt.log)"; }
fi
[ -x /usr/bin/rg ] || die "/usr/bin/rg missing after installing ripgrep"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing chromium"

# ---- reuse an existing good install -----------------------------------------
if [ "$FORCE" = 0 ] && installed_ok; then
  log "code-server $CODE_SERVER_VERSION already installed in $DEST ($(cs_cli --version | tail -1))"
  exit 0
fi

for t in make g++ python3; do
  command -v "$t" >/dev/null || die "'$t' is needed to build code-server's native modules"
done

START=$(date +%s)
log "installing code-server $CODE_SERVER_VERSION into $DEST (takes a few minutes)"
rm -rf "$DEST"
mkdir -p "$DEST"

# ---- 2. code-server itself, scripts off -------------------------------------
cd "$DEST"
[ -f package.json ] || echo '{ "name": "code-server-test-install", "private": true }' > package.json
npm_config_unsafe_perm=true npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "code-server@$CODE_SERVER_VERSION" || die "npm install code-server@$CODE_SERVER_VERSION failed"
[ -f "$ENTRY" ] || die "$ENTRY missing after npm install"
npm rebuild argon2 || die "npm rebuild argon2 failed"
ls node_modules/argon2/lib/binding/*/argon2.node >/dev/null 2>&1 \
  || ls node_modules/argon2/build/Release/argon2.node >/dev/null 2>&1 \
  || ls node_modules/argon2/prebuilds/linux-x64/*.node >/dev/null 2>&1 \
  || die "argon2 native module not built"

# ---- 3. VS Code's own dependencies -----------------------------------------
cd "$VS"
npm install --no-audit --no-fund --omit=dev --ignore-scripts || die "npm install in lib/vscode failed"
# node-pty's rebuild ends with an npm error about compile_commands_json although
# pty.node is built: judge by the .node files, not by the exit code.
REBUILD_LOG="$DEST/npm-rebuild.log"
if ! npm rebuild node-pty kerberos @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid >"$REBUILD_LOG" 2>&1; then
  log "npm rebuild reported an error (expected: node-pty's compile_commands_json step); checking the built .node files (log: $REBUILD_LOG)"
fi
for alts in "${NATIVE_CHECKS[@]}"; do
  found=0
  IFS='|' read -r -a paths <<< "$alts"
  for f in "${paths[@]}"; do [ -f "node_modules/$f" ] && found=1; done
  [ "$found" = 1 ] || { tail -40 "$REBUILD_LOG" >&2; die "native module not built: lib/vscode/node_modules/$alts (log: $REBUILD_LOG)"; }
done

# ---- 4. hand-made pieces of the postinstall ---------------------------------
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
chmod +x node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
[ -f bin/remote-cli/code-linux.sh ] || die "bin/remote-cli/code-linux.sh missing"
ln -sfn code-linux.sh bin/remote-cli/code-server
[ -f bin/helpers/browser-linux.sh ] || die "bin/helpers/browser-linux.sh missing"
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts) \
  || die "npm install in lib/vscode/extensions failed"

# ---- 5. check ---------------------------------------------------------------
touch "$DEST/.install-complete"
if ! installed_ok; then
  rm -f "$DEST/.install-complete"
  die "install finished but 'node $ENTRY --version' does not report $CODE_SERVER_VERSION with Code $VSCODE_VERSION: $(cs_cli --version 2>&1 | tail -3)"
fi
log "done in $(( $(date +%s) - START )) s: $(cs_cli --version | tail -1)"
