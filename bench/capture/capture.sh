#!/usr/bin/env bash
# Builds a solution or project for real and keeps, per project and target framework, the C# compiler's arguments
# (a .rsp file) and the source generators' output, so that `bench/run.sh --compilations DIR` can measure the
# analyzers on the compilations a real build makes, with every package reference resolved.
#
#   bench/capture/capture.sh OUT_DIR PATH/TO/X.sln [more dotnet build arguments...]
#
# A Release build, as the benchmark measures (a later -c in the arguments wins). The build uses the solution's own
# restore; OUT_DIR receives one .rsp per compilation.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 OUT_DIR PATH/TO/SOLUTION_OR_PROJECT [dotnet build arguments...]" >&2
  exit 2
fi
out=$(mkdir -p "$1" && cd "$1" && pwd)
target=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$out"/*.rsp
# --no-incremental: every project compiles, so every compilation is captured.
build() {
  dotnet build "$target" -c Release -nologo -v minimal \
    -p:ProvideCommandLineArgs=true \
    -p:EmitCompilerGeneratedFiles=true \
    -p:CustomAfterMicrosoftCommonTargets="$here/CaptureCompilerArguments.targets" \
    -p:SocketAnalyzersCaptureDir="$out" \
    "$@"
}
if ! build --no-incremental "$@"; then
  # A project whose compile failed (a package the registry lacks, say) stopped before the capture. A second pass asks
  # the compiler task for its arguments without running it, so those compilations are captured too (the outputs of
  # the projects that did compile are there from the first pass).
  echo "capture.sh: the build reported errors; capturing the failed compilations without running the compiler" >&2
  build --no-restore -p:SkipCompilerExecution=true "$@" || true
fi
echo "capture.sh: $(ls "$out"/*.rsp 2>/dev/null | wc -l) compilations in $out"
