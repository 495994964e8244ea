#!/usr/bin/env bash
# Runs every test: formatting and lints, unit + integration + CLI tests, then the E2E test of the
# real desktop window under Xvfb through tauri-driver. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"

start=$(date +%s)
cargo fmt --all -- --check
# Build once (the app and every test binary), then test many.
cargo build --workspace --all-targets --locked
echo "构建用时：$(( $(date +%s) - start )) 秒"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# The workbook through a real reader (LibreOffice → PDF).
timeout 600 cargo test --locked --test render -- --ignored
# The window needs a display; a hung WebDriver session must not hang CI.
timeout 900 xvfb-run -a cargo test --locked --test e2e -- --ignored --nocapture
echo "全部测试用时：$(( $(date +%s) - start )) 秒"
