#!/usr/bin/env bash
# Launches the desktop app on a fresh demo ledger (target/demo/ledger.db), installing what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --workspace --locked
rm -rf target/demo && mkdir -p target/demo
./target/debug/zhibu --ledger target/demo/ledger.db demo
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "没有图形显示，改用 Xvfb 虚拟显示运行（看不到窗口）。"
  exec xvfb-run -a ./target/debug/zhibu-desktop --ledger target/demo/ledger.db
fi
exec ./target/debug/zhibu-desktop --ledger target/demo/ledger.db
