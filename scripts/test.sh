#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs the non-Maven test dependencies, then builds every module and
# runs every test (unit tests, then integration tests with real clients against the real broker).
# `verify`, not `test`: freshet-it runs after freshet-server's package phase has built freshet.jar.
# Extra arguments go to Maven, e.g. ./scripts/test.sh -pl freshet-it -Dtest=ProduceIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/install-test-deps.sh
# -ntp: no download progress; the per-class "Tests run:" lines and the summary stay visible.
exec mvn -B -ntp -Dstyle.color=never verify "$@"
