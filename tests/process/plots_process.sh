#!/usr/bin/env bash
# `--plots` and `--report` through the real binary: every file is written, PNGs are PNG of the
# expected size and not blank, SVGs are well-formed XML (xmllint), an unwritable folder is a
# clear error.
set -u
linreg=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

check_png() {  # FILE
  local sig
  sig=$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')
  [ "$sig" = "89504e470d0a1a0a" ] && ok || fail "$1 is not a PNG"
  [ "$(stat -c %s "$1")" -gt 10000 ] && ok || fail "$1 is suspiciously small"
}
check_svg() {  # FILE
  if xmllint --noout "$1"; then ok; else fail "$1 is not well-formed XML"; fi
  grep -q 'width="640px"' "$1" && ok || fail "$1: size not in pixels"
}

"$linreg" demo --plots "$tmp/demo" > "$tmp/demo.txt" 2> "$tmp/demo.err" && ok || fail "demo --plots: exit $?"
[ -s "$tmp/demo.err" ] && fail "demo --plots wrote to stderr: $(head -3 "$tmp/demo.err")"
for name in loss scaling pred_vs_actual residuals; do
  check_png "$tmp/demo/$name.png"
  check_svg "$tmp/demo/$name.svg"
done
grep -q "charts: .*scaling.png" "$tmp/demo.txt" && ok || fail "demo does not list its charts"
# One full decode: the picture has ink, at 2x matplotlib's 640x480.
/usr/bin/python3 "$here/png_check.py" "$tmp/demo/scaling.png" 1280 960 > /dev/null && ok || fail "scaling.png is blank"

"$linreg" generate house --rows 400 --seed 3 --out "$tmp/h.csv"
"$linreg" fit "$tmp/h.csv" --target price --solver gd --test-size 0.25 --plots "$tmp/fit" --report "$tmp/fit/report.html" \
  > "$tmp/fit.txt" 2>&1 && ok || fail "fit --plots --report: exit $? $(cat "$tmp/fit.txt")"
for name in loss pred_vs_actual residuals qq scale_location leverage; do
  check_png "$tmp/fit/$name.png"
  check_svg "$tmp/fit/$name.svg"
done
grep -q "Predicted vs actual (test set)" "$tmp/fit/report.html" && ok || fail "report: charts not on the test set"
[ "$(grep -c '<svg ' "$tmp/fit/report.html")" = 6 ] && ok || fail "report: not six inline SVGs (loss, pred_vs_actual, residuals and R's three)"
grep -q "P&gt;|t|" "$tmp/fit/report.html" && ok || fail "report: no statistics table"
grep -qE "<script|src=|<link" "$tmp/fit/report.html" && fail "report: not self-contained" || ok

# An exact fit has no loss curve; it says so by not writing one, and still writes the rest.
"$linreg" fit "$tmp/h.csv" --target price --solver exact --plots "$tmp/exact" > /dev/null 2>&1 && ok || fail "exact --plots"
[ ! -e "$tmp/exact/loss.png" ] && [ -e "$tmp/exact/residuals.svg" ] && ok || fail "exact: wrong chart set"

# --json: stdout is one JSON object that lists the chart files.
"$linreg" fit "$tmp/h.csv" --target price --solver gd --plots "$tmp/json" --json > "$tmp/fit.json" 2> /dev/null
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['charts']) == 12" "$tmp/fit.json" \
  && ok || fail "--json with --plots is not one JSON object listing 12 chart files"

# A folder that cannot exist: exit 1, one line naming it.
touch "$tmp/plain"
"$linreg" fit "$tmp/h.csv" --target price --plots "$tmp/plain/charts" > /dev/null 2> "$tmp/err"
code=$?
[ "$code" = 1 ] && ok || fail "unwritable plots folder: exit $code"
grep -q "cannot create the folder .*plain/charts" "$tmp/err" && ok || fail "unwritable folder not named: $(cat "$tmp/err")"
"$linreg" fit "$tmp/h.csv" --target price --report "$tmp/plain/r.html" > /dev/null 2> "$tmp/err"
[ $? = 1 ] && grep -q "cannot write report .*plain/r.html" "$tmp/err" && ok || fail "unwritable report: $(cat "$tmp/err")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
