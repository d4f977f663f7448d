#!/usr/bin/env bash
# The real `linreg` binary as a shell sees it: exit codes, pipes, stdout vs stderr.
set -u
linreg=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {  # check NAME EXPECTED_CODE ACTUAL_CODE
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else echo "FAIL: $1: exit $3, expected $2"; failed=$((failed + 1)); fi
}

"$linreg" demo > "$tmp/demo.txt" 2> "$tmp/demo.err"; check "demo" 0 $?
[ -s "$tmp/demo.err" ] && { echo "FAIL: demo wrote to stderr"; failed=$((failed + 1)); }
"$linreg" generate house --rows 1000 --seed 7 | "$linreg" fit - --target price --solver gd --json > "$tmp/fit.json"
check "generate | fit -" 0 $?
grep -q '"stop_reason": "converged"' "$tmp/fit.json"; check "fit json converged" 0 $?
"$linreg" --bogus > /dev/null 2> "$tmp/err"; check "bad flag" 2 $?
[ "$(wc -l < "$tmp/err")" = 1 ] || { echo "FAIL: usage error is not one line"; failed=$((failed + 1)); }
"$linreg" fit "$tmp/missing.csv" --target price > /dev/null 2>&1; check "missing file" 1 $?
"$linreg" generate house --rows 10 > "$tmp/h.csv"
"$linreg" fit "$tmp/h.csv" --target nope > /dev/null 2> "$tmp/err"; check "unknown target" 1 $?
grep -q "size, age, distance_to_city, price" "$tmp/err"; check "unknown target lists columns" 0 $?
# The library's messages name settings (`test_size=0.999`); the program prints its flags.
"$linreg" fit "$tmp/h.csv" --target price --test-size 0.999 > /dev/null 2> "$tmp/err"; check "test share too large" 1 $?
grep -qx "linreg: $tmp/h.csv: --test-size 0.999 leaves 10 test and 0 training rows of 10: both need at least one" "$tmp/err"
check "the message names the flag" 0 $?

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
