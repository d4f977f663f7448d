#!/usr/bin/env bash
# The progress line appears on a terminal (a pseudo-terminal from `script`) once the fit has
# run for a second, and never in a pipe or with --quiet.
set -u
linreg=$1
command -v script > /dev/null || { echo "SKIP: no 'script' (util-linux)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# About 1.5 s of gradient descent in a Release build (longer under sanitizers).
"$linreg" generate linear --rows 150000 --cols 20 --seed 1 --out "$tmp/d.csv"
fit="$linreg fit $tmp/d.csv --target y --iters 600 --tol 0"

script -qec "$fit > $tmp/tty.out" /dev/null > "$tmp/tty.screen" 2>&1 && ok || fail "fit under a terminal"
grep -q "gd \[" "$tmp/tty.screen" && ok || fail "no progress line on the terminal"
grep -q "it/s" "$tmp/tty.screen" && ok || fail "progress line without a rate"
grep -q "gd \[" "$tmp/tty.out" && fail "progress line on stdout" || ok

$fit > "$tmp/pipe.out" 2> "$tmp/pipe.err" && ok || fail "fit in a pipe"
[ -s "$tmp/pipe.err" ] && fail "progress (or anything) on stderr in a pipe: $(head -c 200 "$tmp/pipe.err")" || ok

script -qec "$fit --quiet > $tmp/quiet.out" /dev/null > "$tmp/quiet.screen" 2>&1 && ok || fail "fit --quiet"
grep -q "gd \[" "$tmp/quiet.screen" && fail "--quiet still shows progress" || ok

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
