#!/bin/sh
# cli_docs.sh: the documentation runs: README.md's examples, the Example: lines of every --help and the man page's EXAMPLES.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_docs.sh
# Every example runs as written, with `seedscan` on the PATH, in a scratch folder that sees the
# shipped folders (refs/, testdata/) as the top directory does; a failing example fails the test.
# README.md code blocks: ```sh blocks run (each as one `sh -e` script, in order, in the same
# folder); ```console blocks are transcripts: each `$ command` runs and every line shown after
# it must be among its output lines (stdout and stderr), all of them and in that order when the
# transcript has no `...`; ```c blocks are compiled against the library and run; ```text blocks
# are not run. A ```sh block that cannot run says why in a `<!-- not run by the doc test: ... -->`
# line just above it. A block without a language fails the test.
set -u
CLI_NAME=docs
CLI_TAG="docs: "
. tests/cli/clilib.sh
ROOT=$(pwd)
case $SS in ./*) SS="$ROOT/${SS#./}" ;; esac
CC=${SSC_CC:-cc}
BUILD=${SSC_BUILD:-$ROOT/build}
mkdir "$T/bin" "$T/run" "$T/blk"
# the seedscan on the PATH: $SS, noting every failure (a failure inside a pipeline does not
# stop `sh -e`); 141 is SIGPIPE, a reader such as head that stopped early
printf '#!/bin/sh\n%s "$@"\nst=$?\n[ $st -eq 0 ] || [ $st -eq 141 ] || echo "seedscan $*: exit status $st" >>"%s"\nexit $st\n' \
    "$SS" "$T/failed" >"$T/bin/seedscan"
chmod +x "$T/bin/seedscan"
for d in refs testdata; do ln -s "$ROOT/$d" "$T/run/$d"; done
PATH="$T/bin:$PATH"
export PATH
# the tools the examples use besides seedscan (sh .ci/deps --test installs them)
for tool in bedtools gzip cmp; do
    command -v $tool >/dev/null 2>&1 || bad "the examples need $tool (sh .ci/deps --test installs it)"
done
tree_state() { git status --porcelain --ignored --untracked-files=all 2>/dev/null; }
tree_state >"$T/tree.before"

# run_sh NAME FILE: FILE runs with sh -e in the scratch folder and exits 0
run_sh() {
    rm -f "$T/failed"
    if (cd "$T/run" && sh -e "$2") >"$T/out" 2>"$T/err" && [ ! -s "$T/failed" ]; then ok "$1"
    else bad "$1"; cat "$T/failed" 2>/dev/null | head -3 | sed 's/^/     ! /'; fi
}

echo "# README.md"
awk -v dir="$T/blk" '
    !inb && /^```/ { n++; f = sprintf("%s/%03d", dir, n); inb = 1
                     printf "%s\t%d\t%s\n", substr($0, 4), NR, norun > (f ".meta"); close(f ".meta")
                     printf "" > f; norun = ""; next }
    inb && /^```[ \t]*$/ { inb = 0; close(f); next }
    inb { print > f; next }
    /^<!-- not run by the doc test: .* -->$/ { norun = $0; sub(/^<!-- not run by the doc test: /, "", norun)
                                               sub(/ -->$/, "", norun); next }
    NF { norun = "" }' README.md
nsh=0
for meta in "$T"/blk/*.meta; do
    f=${meta%.meta}
    IFS=$(printf '\t') read -r lang line norun <"$meta"
    where="README.md:$line"
    case $lang in
    sh)
        if [ -n "$norun" ]; then ok "$where is marked not run: $norun"; continue; fi
        nsh=$((nsh + 1))
        run_sh "$where: the sh block runs ($(grep -v '^#' "$f" | head -1 | cut -c1-60)...)" "$f" ;;
    console) # each "$ command" with the lines after it
        awk -v f="$f" '/^\$ / { k++; print substr($0, 3) > (f "." k ".cmd"); next }
                       k { print > (f "." k ".exp") }' "$f"
        for cmd in "$f".*.cmd; do
            exp=${cmd%.cmd}.exp
            [ -f "$exp" ] || : >"$exp"
            (cd "$T/run" && sh "$cmd") >"$T/got" 2>&1
            c=$(cat "$cmd")
            if grep -qx '\.\.\.' "$exp"; then
                # every shown line is an output line (... stands for lines left out)
                missing=$(grep -vx '\.\.\.' "$exp" | while IFS= read -r l; do
                    [ -z "$l" ] || grep -qxF -- "$l" "$T/got" || printf '%s\n' "$l"; done)
                if [ -z "$missing" ]; then ok "$where: \$ $c (shown lines)"
                else bad "$where: \$ $c"; printf '%s\n' "$missing" | head -3 | sed 's/^/     missing: /'; fi
            else
                # no ...: the whole output, apart from trailing blank lines
                sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$exp" >"$T/exp.trim"
                same "$where: \$ $c (whole output)" "$T/exp.trim" "$T/got"
            fi
        done ;;
    c)
        cp "$f" "$T/prog.c"
        # shellcheck disable=SC2046
        if $CC ${SSC_LDFLAGS:-} -std=c11 -I"$ROOT/include" $(pkg-config --cflags htslib 2>/dev/null) -o "$T/prog" "$T/prog.c" \
              "$BUILD/libseedscan.a" $(pkg-config --libs htslib zlib 2>/dev/null || echo -lhts -lz) -lpthread -lm 2>"$T/err"; then
            ok "$where: the C program compiles against the library"
            (cd "$T/run" && "$T/prog") >"$T/out" 2>"$T/err" && ok "$where: ... and runs" || bad "$where: ... and runs"
            # its sequence has miR-21-5p's 8mer (ATAAGCTA as RNA); the position found by awk
            seq=$(sed -n 's/.*const char \*seq = "\([ACGUacgu]*\)".*/\1/p' "$f")
            p=$(awk -v s="$seq" 'BEGIN { print index(s, "AUAAGCUA") - 1 }')
            printf 'hsa-miR-21-5p\t8mer\t%d\t%d\n' "$p" $((p + 8)) >"$T/line"
            [ "$p" -ge 14 ] && grep -qxF -f "$T/line" "$T/out" && ok "$where: ... and finds the planted miR-21-5p 8mer at $p" \
                || bad "$where: the miR-21-5p 8mer at $p"
        else bad "$where: the C program compiles"; fi ;;
    text) ;;
    *) bad "$where: a code block without a language: sh (run), console (checked), c (compiled) or text" ;;
    esac
done
[ "$nsh" -ge 9 ] && ok "README.md has $nsh runnable sh blocks" || bad "README.md: only $nsh sh blocks found"

echo "# the Example: lines of every --help"
{ echo main; seedscan --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ && $1 != "help" && $1 != "version" { print $1 }'; } >"$T/cmds"
for c in $(cat "$T/cmds"); do
    if [ "$c" = main ]; then seedscan --help; else seedscan "$c" --help; fi >"$T/help" 2>"$T/err"
    # "Example: " and the lines it continues with a trailing backslash
    awk '/^Example: / { on = 1; $0 = substr($0, 10) } on { print; on = /\\$/ }' "$T/help" >"$T/ex.$c"
    h="seedscan $c --help"; [ "$c" = main ] && h="seedscan --help"
    if [ -s "$T/ex.$c" ]; then run_sh "$h: $(head -1 "$T/ex.$c" | cut -c1-70)" "$T/ex.$c"
    else bad "$h has no Example: line"; fi
done

echo "# the man page's EXAMPLES"
sed -n '/^\.SH EXAMPLES/,/^\.SH/p' src/cli/seedscan.1.in | sed -n '/^\.nf/,/^\.fi/p' | sed '1d;$d' |
    sed 's/\\-/-/g; s/\\\\/\\/g' >"$T/man.ex"
[ "$(wc -l <"$T/man.ex")" -ge 5 ] && ok "the man page has examples" || bad "the man page's EXAMPLES"
i=0
while IFS= read -r l; do
    i=$((i + 1))
    printf '%s\n' "$l" >"$T/man.$i"
    run_sh "man page: $(printf '%s' "$l" | cut -c1-70)" "$T/man.$i"
done <"$T/man.ex"

tree_state >"$T/tree.after"
same "the examples wrote nothing into the source tree" "$T/tree.before" "$T/tree.after"
cli_finish
