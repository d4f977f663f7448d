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

"$linreg" generate linear --rows 100000 --cols 20 --seed 1 --out "$tmp/d.csv"
fit="$linreg fit $tmp/d.csv --target y --solver gd --tol 0"

# In a pipe, sized to run about 2 s on this machine and build (the delay is 1 s): the
# iteration count grows until it does, so a faster kernel never makes the check vacuous.
iters=200
for attempt in 1 2 3 4 5 6; do
  start=$(date +%s.%N)
  $fit --iters "$iters" > "$tmp/pipe.out" 2> "$tmp/pipe.err" || fail "fit in a pipe"
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  awk -v t="$elapsed" 'BEGIN { exit !(t >= 2.0) }' && break
  iters=$(awk -v i="$iters" -v t="$elapsed" 'BEGIN { f = 2.5 / (t > 0.05 ? t : 0.05); print int(i * (f < 20 ? f : 20)) + 1 }')
done
echo "fit with $iters iterations takes ${elapsed}s in a pipe"
awk -v t="$elapsed" 'BEGIN { exit !(t >= 2.0) }' && ok || fail "could not make the fit last 2 s"
[ -s "$tmp/pipe.err" ] && fail "progress (or anything) on stderr in a pipe: $(head -c 200 "$tmp/pipe.err")" || ok

script -qec "$fit --iters $iters > $tmp/tty.out" /dev/null > "$tmp/tty.screen" 2>&1 && ok || fail "fit under a terminal"
grep -q "gd \[" "$tmp/tty.screen" && ok || fail "no progress line on the terminal"
grep -q "it/s" "$tmp/tty.screen" && ok || fail "progress line without a rate"
grep -q "gd \[" "$tmp/tty.out" && fail "progress line on stdout" || ok

script -qec "$fit --iters $iters --quiet > $tmp/quiet.out" /dev/null > "$tmp/quiet.screen" 2>&1 && ok || fail "fit --quiet"
grep -q "gd \[" "$tmp/quiet.screen" && fail "--quiet still shows progress" || ok

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
