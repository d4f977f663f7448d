#!/usr/bin/env bash
# The golden test of `linreg demo` (CTest demo_golden and readme_demo_block):
#   demo_golden.sh demo LINREG GOLDEN    `LINREG demo` prints GOLDEN (machine-dependent digits masked)
#   demo_golden.sh readme README GOLDEN  README's pasted demo block is GOLDEN, byte for byte
#   demo_golden.sh block README          prints README's demo block (scripts/regenerate-golden)
# After a deliberate change of the demo's output: build, then scripts/regenerate-golden.
set -euo pipefail

# README's block: the fenced block after the heading "### `linreg demo ...`".
readme_block() {
  awk '/^### `linreg demo/ { state = 1; next }
       state == 1 && /^```/ { state = 2; next }
       state == 2 && /^```/ { exit }
       state == 2 { print }' "$1"
}

# What may differ between machines, and only that: section 10's "relative difference" column,
# |gd − exact|/|exact| printed as {:.1e}. Both fits agree to the last bits, so the figure is a few
# units of rounding (3.8e-16, 1.9e-14): its digits depend on the order of the additions, which
# the vector width chosen by -march=native (AVX2 or AVX-512), the compiler and -O level change
# (the -O1 sanitizer build prints 5.0e-15 and 2.1e-14 where the Release build prints 3.6e-15 and
# 1.9e-14).
# Every other figure has at most 13 significant digits of sums that are exact to about 1e-15, and
# the demo prints no times, thread counts or paths.
mask() {
  sed -E '/^10\. /,/^$/ s/[0-9]\.[0-9]e[-+][0-9]+/#.#e-##/g'
}

case "${1:-}" in
  demo)
    linreg=$2 golden=$3
    actual=$("$linreg" demo; echo x)   # the x keeps trailing newlines
    if ! diff -u --label "$golden (masked)" --label "linreg demo (masked)" \
         <(mask < "$golden") <(printf '%s' "${actual%x}" | mask); then
      echo "demo_golden: 'linreg demo' no longer prints $golden; if the change is meant," \
           "run scripts/regenerate-golden and commit both files it rewrites" >&2
      exit 1
    fi
    ;;
  readme)
    readme=$2 golden=$3
    if ! diff -u --label "$golden" --label "README.md's demo block" "$golden" <(readme_block "$readme"); then
      echo "readme_demo_block: README's pasted 'linreg demo' output differs from $golden;" \
           "run scripts/regenerate-golden to paste it again" >&2
      exit 1
    fi
    ;;
  block) readme_block "$2" ;;
  *) echo "usage: demo_golden.sh demo LINREG GOLDEN | readme README GOLDEN | block README" >&2; exit 2 ;;
esac
