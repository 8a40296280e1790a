#!/usr/bin/env bash
# Runs the SocketAnalyzers cost benchmark in Release and prints the tables (see docs/performance.md).
# Arguments are passed on: --files N (default 1000), --runs N (5), --warmup N (1), --seed N, --concurrent,
# --per-analyzer (also time each analyzer alone: one more compilation per analyzer and run).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/SocketAnalyzers.Benchmarks/SocketAnalyzers.Benchmarks.csproj -nologo -v quiet >/dev/null
exec dotnet bench/SocketAnalyzers.Benchmarks/bin/Release/net10.0/SocketAnalyzers.Benchmarks.dll "$@"
