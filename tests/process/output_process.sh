#!/usr/bin/env bash
# What linreg's output files become, as a shell sees them: a symbolic link is written through
# and kept, a FIFO is written directly, '-' and /dev/stdout are standard output, and a write
# that fails (a file-size limit stands in for a full disk) exits 1 with the system's reason,
# leaving the old file as it was and no temporary file behind. Everything under one mktemp -d.
set -u
linreg=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else echo "FAIL: $1: got '$3', expected '$2'"; failed=$((failed + 1)); fi
}
ok() {  # ok NAME COMMAND...: the command must succeed
  if "${@:2}"; then passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi
}
only_entries() {  # only_entries DIR N: DIR holds exactly N names (no temporary file left)
  [ "$(ls -A "$1" | wc -l)" = "$2" ]
}

cd "$tmp" || exit 1
"$linreg" generate house --rows 200 --seed 5 --out h.csv; check "generate --out" 0 $?
printf 'size,age,distance_to_city\n1500,10,3\n2500,40,20\n' > new.csv

# A symbolic link as --model and --out: the target is replaced, the link stays.
mkdir real
echo old > real/m.json
ln -s real/m.json link.json
"$linreg" fit h.csv --target price --model link.json > /dev/null; check "fit --model LINK" 0 $?
ok "the model link is still a link" test -L link.json
ok "the link's target holds the model" grep -q '"format_version"' real/m.json
ok "no temporary file beside the target" only_entries real 1
ln -s real/p.csv plink.csv  # dangling: its target is created
"$linreg" predict --model link.json new.csv --out plink.csv; check "predict --out LINK" 0 $?
ok "the predictions link is still a link" test -L plink.csv
check "predictions through the link" prediction "$(head -1 real/p.csv)"

# A FIFO is written directly: no temporary file, no rename, no fsync failure. (timeout: a
# broken FIFO path must fail the test, not hang it.)
mkfifo fifo
timeout 20 cat fifo > from_fifo.csv &
reader=$!
timeout 20 "$linreg" predict --model real/m.json new.csv --out fifo; check "predict --out FIFO" 0 $?
wait "$reader"
check "predictions through the FIFO" 3 "$(wc -l < from_fifo.csv)"
ok "the FIFO is still a FIFO" test -p fifo
timeout 20 cat fifo > gen_fifo.csv &
reader=$!
timeout 20 "$linreg" generate linear --rows 50 --cols 2 --out fifo; check "generate --out FIFO" 0 $?
wait "$reader"
check "generated rows through the FIFO" 51 "$(wc -l < gen_fifo.csv)"
timeout 20 cat fifo > model_fifo.json &
reader=$!
timeout 20 "$linreg" fit h.csv --target price --model fifo > /dev/null; check "fit --model FIFO" 0 $?
wait "$reader"
ok "the model through the FIFO" grep -q '"format_version"' model_fifo.json

# '-' and /dev/stdout are standard output.
check "predict --out -" prediction "$("$linreg" predict --model real/m.json new.csv --out - | head -1)"
check "predict --out /dev/stdout" prediction "$("$linreg" predict --model real/m.json new.csv --out /dev/stdout | head -1)"
"$linreg" predict --model real/m.json new.csv --out /dev/stdout > redirected.csv
check "--out /dev/stdout redirected to a file" 3 "$(wc -l < redirected.csv)"
check "generate --out -" 11 "$("$linreg" generate house --rows 10 --out - | wc -l)"
# fit --model -: the model is all there is on stdout; the table goes to stderr.
"$linreg" fit h.csv --target price --model - > piped.json 2> table.txt; check "fit --model -" 0 $?
check "stdout is the model" '{' "$(head -c 1 piped.json)"
ok "the table went to stderr" grep -q "model written to stdout" table.txt
"$linreg" fit h.csv --target price --model - 2> /dev/null | "$linreg" predict --model - new.csv > chained.csv
check "fit --model - | predict --model -" 3 "$(wc -l < chained.csv)"
"$linreg" fit h.csv --target price --model - --json > /dev/null 2> err.txt; check "--model - with --json" 2 $?
ok "--model - with --json says why" grep -q "give --model a file name" err.txt
"$linreg" predict --model - - < new.csv > /dev/null 2> err.txt; check "predict --model - FILE -" 2 $?

# Folders are not files.
mkdir folder
"$linreg" fit h.csv --target price --model folder > /dev/null 2> err.txt; check "fit --model DIR" 1 $?
ok "fit --model DIR says so" grep -q "folder: it is a directory" err.txt
"$linreg" predict --model folder new.csv > /dev/null 2> err.txt; check "predict --model DIR" 1 $?
ok "predict --model DIR says so" grep -q "folder: it is a directory" err.txt
"$linreg" predict --model real/m.json folder > /dev/null 2> err.txt; check "predict DIR" 1 $?
ok "predict DIR says so" grep -q "folder: it is a directory" err.txt
"$linreg" fit folder --target price > /dev/null 2> err.txt; check "fit DIR" 1 $?
"$linreg" predict --model real/m.json new.csv --out folder 2> err.txt; check "predict --out DIR" 1 $?
ok "folder left alone" only_entries folder 0

# An output that is an input would destroy it: refused before anything is read.
cp h.csv same.csv
"$linreg" fit same.csv --target price --model same.csv > /dev/null 2>&1; check "fit --model FILE" 2 $?
"$linreg" predict --model real/m.json new.csv --out new.csv 2> /dev/null; check "predict --out FILE" 2 $?
ok "the data survived" cmp -s h.csv same.csv
check "the input survived" 3 "$(wc -l < new.csv)"

# A file-size limit (SIGXFSZ ignored, so write(2) fails with EFBIG) stands in for a full disk.
# stderr goes to a pipe, which the limit does not touch.
mkdir full
echo "old data" > full/big.csv
err=$( (trap '' XFSZ; ulimit -f 1; exec "$linreg" generate linear --rows 20000 --cols 5 --out full/big.csv) 2>&1)
check "generate over the limit" 1 $?
ok "generate names the reason" grep -q "cannot write CSV file full/big.csv: write failed (File too large)" <<< "$err"
check "the old file is untouched" "old data" "$(cat full/big.csv)"
ok "no temporary file left (generate)" only_entries full 1
echo "old model" > full/m.json
err=$( (trap '' XFSZ; ulimit -f 0; exec "$linreg" fit h.csv --target price --quiet --model full/m.json) 2>&1)
check "fit --model over the limit" 1 $?
ok "fit names the reason" grep -q "cannot write model file full/m.json: write failed (File too large)" <<< "$err"
check "the old model is untouched" "old model" "$(cat full/m.json)"
echo "old predictions" > full/p.csv
err=$( (trap '' XFSZ; ulimit -f 0; exec "$linreg" predict --model real/m.json h.csv --out full/p.csv) 2>&1)
check "predict --out over the limit" 1 $?
ok "predict names the reason" grep -q "File too large" <<< "$err"
check "the old predictions are untouched" "old predictions" "$(cat full/p.csv)"
ok "no temporary file left" only_entries full 3
# Standard output itself, redirected to a file under the limit.
err=$( (trap '' XFSZ; ulimit -f 1; exec "$linreg" generate linear --rows 20000 --cols 5 > full/stdout.csv) 2>&1)
check "stdout over the limit" 1 $?
ok "stdout names the reason" grep -q "cannot write to standard output: File too large" <<< "$err"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
