#!/usr/bin/env bash
# The desktop bench (benches/desktop.rs): builds the release app and command line, then drives the
# real window through tauri-driver under Xvfb and prints each figure beside its target — cold start
# to 首页, every view, a click's round trip while a large export runs. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"
# The bench finds the app beside the release `zhibu` it is built with.
cargo build --release --locked -p zhibu-desktop
exec xvfb-run -a cargo bench --locked --bench desktop
