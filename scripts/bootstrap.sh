#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, run and test Reach. Idempotent, non-interactive.
set -euo pipefail
cd "$(dirname "$0")/.."

# dovecot-imapd: the IMAP tests and the inbox benchmark start their own Dovecot per run (tests/common/imap.rs,
# bench/inbox/dovecot.py) on a free 127.0.0.1 port; the system service it installs is not used.
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev libssl-dev build-essential pkg-config libxdo-dev file
  libdbus-1-dev xvfb xauth imagemagick x11-apps webkit2gtk-driver chromium chromium-driver
  gnome-keyring dbus dbus-daemon dbus-x11 libsecret-1-dev keyutils sqlite3 curl time python3-pip
  python3-aiosmtpd python3-cryptography dovecot-imapd openssl
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --version 2.1.0 --locked
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

# The official Python MCP client, which tests/mcp/client.py drives `reach mcp` with.
MCP_CLIENT_VERSION=2.3.0
if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('mcp') != '$MCP_CLIENT_VERSION')" 2>/dev/null; then
  # --break-system-packages lets pip install beside Debian's own Python packages (PEP 668); it changes
  # nothing on a Python of its own (pyenv, a venv).
  python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "mcp==$MCP_CLIENT_VERSION"
fi
