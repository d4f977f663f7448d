#!/usr/bin/env bash
# The HTML report rendered by headless Debian chromium: the screenshot is a picture, not a blank
# page. Exit 77 (skipped) when chromium is not installed.
set -u
linreg=$1
here=$(cd "$(dirname "$0")" && pwd)
browser=$(command -v chromium || true)
[ -n "$browser" ] || { echo "SKIP: chromium is not installed (scripts/setup installs it)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$linreg" generate house --rows 300 --seed 11 --out "$tmp/h.csv"
"$linreg" fit "$tmp/h.csv" --target price --test-size 0.2 --report "$tmp/report.html" > /dev/null || exit 1
# A fresh profile in the temporary folder: nothing from the user's browser, nothing left behind.
HOME="$tmp" timeout 120 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
  --window-size=1300,1800 --screenshot="$tmp/shot.png" "file://$tmp/report.html" > "$tmp/chromium.log" 2>&1
[ -s "$tmp/shot.png" ] || { echo "FAIL: no screenshot"; tail -5 "$tmp/chromium.log"; exit 1; }
/usr/bin/python3 "$here/png_check.py" "$tmp/shot.png" 1300 1800
