#!/bin/sh
# layers.sh: fails when a file under src/ uses a layer listed after its own, or files use each other in a circle.
# Usage (from the top directory): sh tests/layers.sh [BUILD_DIR]
#   Always: reads the #include lines of src/*/*.[ch]. An include of a project
#   header must name its layer ("core/core.h"); the only bare one allowed is the
#   public "seedscan.h". Each file or header is a module (src/core/scan.c and
#   src/core/scan.h are both core/scan); an include is an arrow between modules.
#   With BUILD_DIR: also the objects' symbols (nm): an undefined symbol of
#   BUILD_DIR/L/m.o defined in BUILD_DIR/L2/m2.o is an arrow L/m -> L2/m2.
#   Fails on an arrow to a later layer or into cli/ from elsewhere, a circle of
#   headers including each other, and a circle of calls between modules (a
#   module may use itself; a .c file including a header counts for the layer
#   order, not as a call).
#   SRC=DIR reads DIR instead of src/ (tests/layers_selftest.sh uses it).
LAYERS="io core thermo genome targetscan expr panel cli"
BUILD=${1:-}
SRC=${SRC:-src}
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The layers' order as "name rank" lines for awk.
rank=0
for l in $LAYERS; do rank=$((rank + 1)); echo "$l $rank"; done > "$tmp/ranks"

# 1. arrows from includes: "from to file:line"
for f in "$SRC"/*/*.c "$SRC"/*/*.h; do
    [ -f "$f" ] || continue
    awk -v f="$f" '
        /^[ \t]*#[ \t]*include[ \t]*"/ {
            match($0, /"[^"]*"/); inc = substr($0, RSTART + 1, RLENGTH - 2)
            from = f; n = split(f, parts, "/"); from = parts[n - 1] "/" parts[n]; sub(/\.[ch]$/, "", from)
            if (inc == "seedscan.h") next
            if (inc !~ /^[a-z]+\/[^\/]+\.h$/) { print "BARE " from " " inc " " f ":" FNR; next }
            to = inc; sub(/\.h$/, "", to)
            print from " " to " " f ":" FNR " " (f ~ /\.h$/ ? "hh" : "ch")
        }' "$f"
done > "$tmp/inc"

if grep -q '^BARE ' "$tmp/inc"; then
    grep '^BARE ' "$tmp/inc" | while read -r _ from inc where; do
        echo "layers: $where: include \"$inc\" does not name its layer (write \"LAYER/${inc##*/}\")"
    done
    fail=1
fi
grep -v '^BARE ' "$tmp/inc" > "$tmp/arrows"

# 2. arrows from the objects' symbols
if [ -n "$BUILD" ]; then
    for o in "$BUILD"/*/*.o; do
        [ -f "$o" ] || continue
        m=${o#"$BUILD"/}; m=${m%.o}
        nm --defined-only "$o" | awk -v m="$m" '$2 ~ /^[TDRBCV]$/ { print $3 " " m }'
    done | sort -u > "$tmp/defs"
    for o in "$BUILD"/*/*.o; do
        [ -f "$o" ] || continue
        m=${o#"$BUILD"/}; m=${m%.o}
        nm -u "$o" | awk -v m="$m" '{ print $NF " " m }'
    done | sort -u > "$tmp/uses"
    join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2 " " $3 " symbol:" $1 " sym" }' >> "$tmp/arrows"
fi

# 3. judge every arrow by rank, then look for circles (depth-first search)
awk -v ranks="$tmp/ranks" '
    BEGIN { while ((getline line < ranks) > 0) { split(line, a, " "); rk[a[1]] = a[2] } }
    function layer(m) { sub(/\/.*/, "", m); return m }
    {
        from = $1; to = $2; lf = layer(from); lt = layer(to)
        if (!(lf in rk)) { printf "layers: %s: %s is in no layer\n", $3, from; bad = 1; next }
        if (!(lt in rk)) { printf "layers: %s: %s uses %s, which is in no layer\n", $3, from, to; bad = 1; next }
        if (rk[lt] > rk[lf]) {
            printf "layers: %s: %s (layer %s) uses %s (layer %s, listed after it)\n", $3, from, lf, to, lt
            bad = 1
        }
        # Circles: calls between files (symbols) and headers including headers. A .c file
        # including a header is not a call (x_priv.h may include x.h, which x.c implements).
        if ($4 == "ch") next
        if (from != to && !((from, to) in seen)) {
            seen[from, to] = $3; n[from]++; adj[from, n[from]] = to; nodes[from]; nodes[to]
        }
    }
    function dfs(u,    i, v) {
        state[u] = 1; stack[++sp] = u
        for (i = 1; i <= n[u]; i++) {
            v = adj[u, i]
            if (state[v] == 1) { report(v, u); continue }
            if (!state[v]) dfs(v)
        }
        state[u] = 2; sp--
    }
    function report(v, u,    i, k, path) {
        for (k = sp; k > 0 && stack[k] != v; k--) {}
        path = ""
        for (i = k; i <= sp; i++) path = path stack[i] " (" seen[stack[i], i < sp ? stack[i + 1] : v] ") -> "
        printf "layers: circle: %s%s\n", path, v
        bad = 1
    }
    END {
        for (m in nodes) if (!state[m]) dfs(m)
        exit bad
    }' "$tmp/arrows" || fail=1

narrows=$(wc -l < "$tmp/arrows")
if [ $fail -eq 0 ]; then
    echo "layers: $narrows arrows between modules, none upward, no circle${BUILD:+ (includes and symbols)}"
    echo "layers: 1 passed, 0 failed"
else
    echo "layers: 0 passed, 1 failed"
fi
exit $fail
