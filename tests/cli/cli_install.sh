#!/bin/sh
# cli_install.sh: `make install` into a temporary PREFIX (and DESTDIR): what it installs, that it
# writes nothing into the source tree, and a program built against it with pkg-config, shared
# and static. Run from the top directory by tests/cli/cli.sh (make check).
set -u
CLI_NAME=install
CLI_TAG="install: "
. tests/cli/clilib.sh
MAKE=${MAKE:-make}
CC=${SSC_CC:-cc}
VERSION=$(sed -n 's/^#define SSC_VERSION "\(.*\)"/\1/p' include/seedscan.h)
P=$T/prefix

echo "# make install PREFIX=$P"
# everything under the tree, with the state git sees, before and after (nothing may change)
tree_state() {
    find . -path ./.git -prune -o -newer "$T/stamp" -print | grep -v '^\.$'
    if git rev-parse --git-dir >/dev/null 2>&1; then git status --porcelain --ignored --untracked-files=all; fi
}
touch "$T/stamp"
sleep 1
tree_state >"$T/tree.before"
if $MAKE --no-print-directory -s install PREFIX="$P" >"$T/make.out" 2>"$T/err"; then ok "make install exits 0"
else bad "make install"; cat "$T/make.out" | head -5; fi
tree_state >"$T/tree.after"
same "make install writes nothing into the source tree" "$T/tree.before" "$T/tree.after"

for f in bin/seedscan lib/libseedscan.a lib/libseedscan.so.$VERSION include/seedscan.h \
         share/man/man1/seedscan.1 lib/pkgconfig/seedscan.pc share/seedscan/hsa_mature.v22.fa; do
    if [ -f "$P/$f" ]; then ok "installs $f"; else bad "installs $f"; fi
done
so0=$(readlink "$P/lib/libseedscan.so.${VERSION%%.*}")
[ "$so0" = "libseedscan.so.$VERSION" ] && ok "libseedscan.so.${VERSION%%.*} -> libseedscan.so.$VERSION" \
    || bad "soname link ($so0)"
[ "$(readlink "$P/lib/libseedscan.so")" = "libseedscan.so.${VERSION%%.*}" ] && ok "libseedscan.so -> the soname" \
    || bad "libseedscan.so link"
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$P/lib/libseedscan.so.$VERSION" >"$T/dyn" 2>&1
    grep -q "Library soname: \[libseedscan.so.${VERSION%%.*}\]" "$T/dyn" && ok "the shared library's SONAME" || bad "SONAME"
    # every object in the shared library was compiled position-independent: no text relocations
    grep -q TEXTREL "$T/dyn" && bad "text relocations in the shared library" || ok "no text relocations"
fi

echo "# the installed tool"
# run from elsewhere: the refs are found in PREFIX/share/seedscan
(cd "$T" && "$P/bin/seedscan" --version) >"$T/v" 2>"$T/err"
grep -q "^seedscan $VERSION " "$T/v" && ok "installed seedscan --version" || bad "installed --version"
(cd "$T" && "$P/bin/seedscan" panel --target PTEN -f tsv) >"$T/pten" 2>"$T/err"
awk -F'\t' 'NR == 1 || (";" $11 ";") ~ /;PTEN;/' refs/resistance_panel.tsv >"$T/pten.exp"
same "installed seedscan reads its refs from PREFIX/share/seedscan" "$T/pten.exp" "$T/pten"
if command -v groff >/dev/null 2>&1; then
    groff -t -man -Tutf8 -ww -z "$P/share/man/man1/seedscan.1" >"$T/err" 2>&1
    [ ! -s "$T/err" ] && ok "the installed man page formats without warnings" || bad "man page warnings"
else bad "groff is missing (sh .ci/deps --test installs groff-base)"; fi

echo "# a program built against it with pkg-config"
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
printf 'seedscan %s\nhsa-miR-21-5p 8mer 20 28\n' "$VERSION" >"$T/prog.exp"
pkg-config --exists seedscan && [ "$(pkg-config --modversion seedscan)" = "$VERSION" ] \
    && ok "pkg-config finds seedscan $VERSION" || bad "pkg-config seedscan"
pkg-config --print-requires-private seedscan | tr -d ' ' | sort >"$T/req"
printf 'htslib\nzlib\n' >"$T/req.exp"
same "Requires.private: htslib zlib" "$T/req.exp" "$T/req"
# shellcheck disable=SC2046
if $CC ${SSC_LDFLAGS:-} -o "$T/prog" tests/cli/install/prog.c $(pkg-config --cflags --libs seedscan) 2>"$T/err"; then
    ok "cc prog.c \$(pkg-config --cflags --libs seedscan)"
    expect_out "... runs against the shared library (LD_LIBRARY_PATH)" "$T/prog.exp" env LD_LIBRARY_PATH="$P/lib" "$T/prog"
    if env -u LD_LIBRARY_PATH ldd "$T/prog" 2>/dev/null | grep -q "libseedscan.so.${VERSION%%.*} => not found"; then
        ok "... and needs libseedscan.so.${VERSION%%.*} (not a static copy)"
    else bad "the shared build does not need libseedscan.so.${VERSION%%.*}"; fi
else bad "building against the shared library"; fi
# static: the archive, with the private libraries pkg-config --static lists
libs=$(pkg-config --static --libs seedscan | sed 's/-lseedscan/-l:libseedscan.a/')
# shellcheck disable=SC2086
if $CC ${SSC_LDFLAGS:-} -o "$T/prog_static" tests/cli/install/prog.c $(pkg-config --cflags seedscan) $libs 2>"$T/err"; then
    ok "cc prog.c ... libseedscan.a \$(pkg-config --static --libs seedscan)"
    expect_out "... runs without libseedscan.so" "$T/prog.exp" env -u LD_LIBRARY_PATH "$T/prog_static"
else bad "building against the static library"; fi

echo "# DESTDIR"
$MAKE --no-print-directory -s install PREFIX=/opt/ssc DESTDIR="$T/stage" >"$T/make.out" 2>"$T/err"
if [ -x "$T/stage/opt/ssc/bin/seedscan" ] && grep -qx 'prefix=/opt/ssc' "$T/stage/opt/ssc/lib/pkgconfig/seedscan.pc"
then ok "DESTDIR stages the files; seedscan.pc names the real PREFIX"; else bad "DESTDIR"; fi

cli_finish
