#!/usr/bin/env bash
# Installs what building, running and testing Zhibu needs on Debian/Ubuntu, skipping what is there.
#   scripts/install-deps.sh        → to build and run the desktop app
#   scripts/install-deps.sh test   → also Xvfb, WebKitWebDriver and tauri-driver for the E2E tests
set -euo pipefail

# perl and make: the encrypted ledger's crypto (SQLCipher with OpenSSL) is built from source.
want=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev
      pkg-config build-essential perl make curl ca-certificates fonts-noto-cjk xauth)
if [[ "${1:-}" == "test" ]]; then
  # Carlito: Calibri's metrics, so LibreOffice lays sheets out as Excel and WPS do.
  want+=(xvfb webkit2gtk-driver libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito)
fi

sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "安装系统软件包：${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  [[ -x "$HOME/.cargo/bin/cargo" ]] || curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
export PATH="$HOME/.cargo/bin:$PATH"

if [[ "${1:-}" == "test" ]] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "安装 tauri-driver"
  cargo install tauri-driver --locked
fi
