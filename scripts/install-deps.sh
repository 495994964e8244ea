#!/usr/bin/env bash
# Installs what building, running and testing Zhibu needs on Debian/Ubuntu, skipping what is there.
#   scripts/install-deps.sh        → to build and run the desktop app
#   scripts/install-deps.sh test   → also Xvfb, WebKitWebDriver and tauri-driver for the E2E tests
#   scripts/install-deps.sh bench  → also the Python peers of benches/peer (a venv in target/peer-venv)
set -euo pipefail

# perl and make: the encrypted ledger's crypto (SQLCipher with OpenSSL) is built from source.
want=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev
      pkg-config build-essential perl make curl ca-certificates fonts-noto-cjk xauth)
if [[ "${1:-}" == "test" ]]; then
  # Carlito: Calibri's metrics, so LibreOffice lays sheets out as Excel and WPS do.
  want+=(xvfb webkit2gtk-driver libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito)
fi
if [[ "${1:-}" == "bench" ]]; then
  # python3-venv: Debian's python3 makes no venv without it (ensurepip lives there).
  want+=(python3 python3-venv)
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

# The peers (benches/peer): XlsxWriter and matplotlib at the pinned versions, in a venv of their own.
# pip runs again only when requirements.txt changed since the venv last installed it.
if [[ "${1:-}" == "bench" ]]; then
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  venv="$root/target/peer-venv"
  req="$root/benches/peer/requirements.txt"
  if [[ ! -x "$venv/bin/python" ]]; then
    echo "新建 Python 环境：$venv"
    python3 -m venv "$venv"
  fi
  if ! cmp -s "$req" "$venv/requirements.installed"; then
    echo "安装对照脚本所需的 Python 包：$(grep -v '^#' "$req" | tr '\n' ' ')"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$venv/requirements.installed"
  fi
fi
