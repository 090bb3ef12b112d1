#!/usr/bin/env bash
# Runs every test of EmissionEdge: installs missing prerequisites (.ci/install-prerequisites),
# then builds and tests the whole solution. Test results (TRX) and artifacts such as the
# dashboard screenshot go to ./artifacts.
set -euo pipefail
cd "$(dirname "$0")"
.ci/install-prerequisites
rm -rf artifacts/test-results
mkdir -p artifacts
dotnet test EmissionEdge.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory artifacts/test-results "$@"
