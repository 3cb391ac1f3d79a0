#!/bin/sh
# Set up the benchmarks (Debian/Ubuntu): wrk drives bench.wrk_load; the bench extras (psutil, matplotlib).
# Run from the repo root, as root or with sudo available.
set -e
if ! command -v wrk >/dev/null 2>&1; then
    SUDO=$( [ "$(id -u)" = 0 ] && echo "" || echo sudo )
    $SUDO apt-get update
    $SUDO apt-get install -y wrk
fi
command -v taskset >/dev/null 2>&1 || { echo "taskset (util-linux) is missing" >&2; exit 1; }
.venv/bin/pip install -q -e '.[test,bench]'
wrk --version 2>&1 | head -1
