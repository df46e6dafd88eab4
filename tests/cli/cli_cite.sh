#!/bin/sh
# cli_cite.sh: `seedscan --version` and `seedscan CMD --version` for every command; `seedscan cite [CMD]`.
# Run from the top directory: SEEDSCAN="[wrapper] path/to/seedscan" sh tests/cli/cli_cite.sh
set -u
CLI_NAME=cite
CLI_TAG="cite: "
. tests/cli/clilib.sh
VERSION=$(sed -n 's/^#define SSC_VERSION "\(.*\)"/\1/p' include/seedscan.h)
# has NAME FILE TEXT... / hasnt NAME FILE TEXT...: every TEXT is (is not) in FILE
has() {
    n=$1 f=$2; shift 2
    for t in "$@"; do grep -qF -- "$t" "$f" || { bad "$n: no '$t'"; return; }; done
    ok "$n"
}
hasnt() {
    n=$1 f=$2; shift 2
    for t in "$@"; do grep -qF -- "$t" "$f" && { bad "$n: has '$t'"; return; }; done
    ok "$n"
}

echo "# --version"
$SS --version >"$T/v" 2>"$T/err"
grep -qE "^seedscan $VERSION \(htslib [0-9][0-9.]*\)$" "$T/v" && ok "seedscan --version says $VERSION (include/seedscan.h)" \
    || bad "seedscan --version: $(cat "$T/v")"
expect_out "seedscan version = seedscan --version" "$T/v" $SS version
# every command of the top-level usage, and with other options around the flag
$SS --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ && $1 != "help" && $1 != "version" { print $1 }' >"$T/cmds"
[ "$(wc -l <"$T/cmds")" -ge 8 ] && ok "the usage lists the commands" || bad "commands in the usage"
for c in $(cat "$T/cmds"); do
    expect_out "seedscan $c --version" "$T/v" $SS $c --version
done
expect_out "seedscan scan -t 2 --version" "$T/v" $SS scan -t 2 --version
expect_out "seedscan targetscan context --version" "$T/v" $SS targetscan context --version
# after "--" it is an operand, not the option: scan then fails to open it
expect_fail "--version after -- is a file name" "--version" $SS scan -- --version

echo "# cite"
$SS cite >"$T/all" 2>"$T/err" && ok "seedscan cite exits 0" || bad "seedscan cite"
has "cite lists miRBase, TargetScan, Sylamer, ViennaRNA's Turner 2004 parameters and the review" "$T/all" \
    "Kozomara A, Birgaoanu M, Griffiths-Jones S." "Agarwal V, Bell GW, Nam JW, Bartel DP." \
    "van Dongen S, Abreu-Goodger C, Enright AJ." "Mathews DH, Disney MD" "Turner DH, Mathews DH." \
    "Lorenz R" "Molodtsova D, Guryev DV, Osipov AN." "Int J Mol Sci. 2023;24(22):16498"
grep -o 'doi:[^ ]*' "$T/all" | sort | uniq -d >"$T/dup"
[ ! -s "$T/dup" ] && ok "each reference once" || bad "repeated: $(cat "$T/dup")"
# every reference says which commands use it
nref=$(grep -c '^\[' "$T/all"); nused=$(grep -c '^  used by: seedscan ' "$T/all")
[ "$nref" -ge 8 ] && [ "$nref" -eq "$nused" ] && ok "every reference names the commands using it" || bad "used by ($nref/$nused)"
for c in $(grep -v '^cite$' "$T/cmds"); do
    $SS cite "$c" >"$T/c.$c" 2>"$T/err" && grep -q '^\[' "$T/c.$c" && ok "seedscan cite $c" || bad "seedscan cite $c"
    # the command's references are those of the full list that name it
    awk -v c="$c" '/^\[/ { k = $0 } /^  used by:/ { if ((", " substr($0, 21) ",") ~ (" " c ",")) print k }' "$T/all" >"$T/k.exp"
    grep '^\[' "$T/c.$c" >"$T/k.got"
    same "cite $c = the entries of cite whose 'used by' names $c" "$T/k.exp" "$T/k.got"
done
has "cite landscape: Sylamer" "$T/c.landscape" "van Dongen S"
hasnt "cite landscape: no panel review, no TargetScan, no energies" "$T/c.landscape" "Molodtsova D" "Agarwal V" "Mathews DH"
has "cite targetscan: TargetScan 7, RNAplfold and the Turner 2004 parameters" "$T/c.targetscan" \
    "Agarwal V" "Bernhart SH" "Mathews DH, Disney MD" "Turner DH, Mathews DH"
hasnt "cite targetscan: no Sylamer, no panel" "$T/c.targetscan" "van Dongen S" "Molodtsova D"
has "cite panel: the review and miRBase" "$T/c.panel" "Molodtsova D" "Kozomara A"
has "cite scan: miRBase, TargetScan's site model, the default panel" "$T/c.scan" "Kozomara A" "Agarwal V" "Molodtsova D"
expect_fail "cite an unknown command" "unknown command 'nope'" $SS cite nope
expect_fail "cite with a bad option" "invalid option '--bogus'" $SS cite --bogus
$SS cite -h >"$T/h" 2>"$T/err" && grep -q '^Usage: seedscan cite' "$T/h" && ok "cite -h" || bad "cite -h"

cli_finish
