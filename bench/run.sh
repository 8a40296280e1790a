#!/usr/bin/env bash
# Runs the SocketAnalyzers cost benchmark in Release and prints the tables (see docs/performance.md).
# Arguments are passed on:
#   generated inputs (default): --files N (default 1000), --runs N (5), --warmup N (1), --seed N, --concurrent,
#     --per-analyzer (also time each analyzer alone: one more compilation per analyzer and run)
#   real sources: --sources DIR (repeatable; every .cs file under DIR except obj/, bin/, .git/, compiled against the
#     net8.0 reference pack), --by-project (one compilation per nearest .csproj), --baselines (also the wall-time
#     IOperation baseline steps)
#   editor path: --editor [--sources DIR]... [--documents N (5)]: one document's analyzer diagnostics, ours against a
#     no-op operation analyzer, on the N largest documents (without --sources: the generated inputs)
set -euo pipefail
# No cd: relative --sources paths are read from the caller's directory.
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build -c Release "$root/bench/SocketAnalyzers.Benchmarks/SocketAnalyzers.Benchmarks.csproj" -nologo -v quiet >/dev/null
exec dotnet "$root/bench/SocketAnalyzers.Benchmarks/bin/Release/net10.0/SocketAnalyzers.Benchmarks.dll" "$@"
