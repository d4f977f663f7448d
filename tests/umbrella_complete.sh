#!/usr/bin/env bash
# linreg/linreg.hpp includes every other public header: a header added to include/linreg/ and not
# to the umbrella fails here (tests/test_umbrella.cpp only sees the types it uses).
set -euo pipefail
dir=$1
missing=0
for header in "$dir"/linreg/*.hpp; do
  name=linreg/$(basename "$header")
  [ "$name" = linreg/linreg.hpp ] && continue
  if ! grep -q "^#include \"$name\"" "$dir/linreg/linreg.hpp"; then
    echo "umbrella_complete: include/linreg/linreg.hpp does not include \"$name\"" >&2
    missing=1
  fi
done
exit "$missing"
