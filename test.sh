#!/usr/bin/env bash
# Runs the whole Keyhold test suite (every test project in Keyhold.slnx) and prints, as its last line,
# the total over all projects: "N passed, N failed[, N skipped]" summed from the TRX results.
set -uo pipefail
cd "$(dirname "$0")"

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The aws CLI v1 used by the end-to-end tests lives in the pyenv Python on our machines.
if [ -d "$HOME/.pyenv/shims" ]; then
  export PATH="$HOME/.pyenv/shims:$PATH"
fi

if ! dotnet build Keyhold.slnx -c Release -warnaserror -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Style is enforced by tools (STYLE.md 4): a formatting difference counts as one failed check.
format_failed=0
if ! dotnet format Keyhold.slnx --verify-no-changes --no-restore; then
  echo "dotnet format found files that differ from .editorconfig (run: dotnet format Keyhold.slnx)"
  format_failed=1
fi

dotnet test Keyhold.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1800000
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); n=$(get notExecuted); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done

failed=$((failed + format_failed))
if [ "$files" -eq 0 ]; then
  failed=$((failed + 1))
elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host crashed without reporting a failed test: count it as a failure so the total shows it.
  failed=1
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
