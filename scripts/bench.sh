#!/usr/bin/env bash
# Every benchmark, each figure printed next to its target (issue 14): the college at 1×, 2× and 4×,
# the Python peers beside Zhibu, the imports, the exports and the search. Installs what is missing
# first (the build packages, and the peers' Python venv in target/peer-venv). Release builds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh bench
export PATH="$HOME/.cargo/bin:$PATH"
cargo bench --locked "$@"
# The desktop app through WebDriver under Xvfb (benches/desktop.rs), when every bench is asked for:
# the pass above skips it for want of a display.
if [[ $# -eq 0 ]]; then
  bash scripts/bench-desktop.sh
fi
