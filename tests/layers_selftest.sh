#!/bin/sh
# layers_selftest.sh: shows that tests/layers.sh fails on each kind of bad arrow and passes a clean tree.
# Run from the top directory: sh tests/layers_selftest.sh
CLI_NAME=layers_selftest
. tests/cli/clilib.sh
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
expect_line() { if grep -qxF -- "$3" "$2"; then ok "$1"; else bad "$1"; sed 's/^/     > /' "$2" | head -5; fi; }
CC=${CC:-cc}

# A tree of three layers (io, core, cli) laid out like src/.
mk() { # mk DIR: a clean tree with objects in DIR/build
    mkdir -p "$1/src/io" "$1/src/core" "$1/src/cli" "$1/build/io" "$1/build/core" "$1/build/cli"
    printf '/* io.h */\nint io_get(void);\n' > "$1/src/io/io.h"
    printf '#include "io/io.h"\nint io_get(void) { return 1; }\n' > "$1/src/io/io.c"
    printf '/* core.h */\n#include "io/io.h"\nint core_get(void);\n' > "$1/src/core/core.h"
    printf '#include "core/core.h"\nint core_get(void) { return io_get() + 1; }\n' > "$1/src/core/core.c"
    printf '#include "seedscan.h"\n#include "core/core.h"\nint main(void) { return core_get(); }\n' > "$1/src/cli/main.c"
}
build() { # build DIR: compile every .c of DIR/src into DIR/build
    for c in "$1"/src/*/*.c; do
        o=${c#"$1"/src/}; o="$1/build/${o%.c}.o"
        $CC -c -I"$1/src" -Iinclude -o "$o" "$c" || return 1
    done
}
layers() { SRC="$1/src" sh tests/layers.sh ${2:+"$2"} > "$1/out" 2>&1; }

mk "$T/clean"; build "$T/clean"
layers "$T/clean" "$T/clean/build"
check "a clean tree passes (includes and symbols)" test $? -eq 0

mk "$T/up"; printf '#include "core/core.h"\n' >> "$T/up/src/io/io.c"
layers "$T/up"
check "an upward include fails" test $? -ne 0
expect_line "... and names the file, line and layers" "$T/up/out" \
    "layers: $T/up/src/io/io.c:3: io/io (layer io) uses core/core (layer core, listed after it)"

mk "$T/bare"; printf '#include "core.h"\n' >> "$T/bare/src/core/core.c"
layers "$T/bare"
check "an include without its layer fails" test $? -ne 0

mk "$T/circle"
printf '/* a.h */\n#include "core/b.h"\nint a(void);\n' > "$T/circle/src/core/a.h"
printf '/* b.h */\n#include "core/a.h"\nint b(void);\n' > "$T/circle/src/core/b.h"
layers "$T/circle"
check "two headers including each other fail" test $? -ne 0
check "... as a circle" grep -q 'circle: ' "$T/circle/out"

mk "$T/calls"
printf '/* a.h */\nint a(void);\n' > "$T/calls/src/core/a.h"
printf '/* b.h */\nint b(void);\n' > "$T/calls/src/core/b.h"
printf '#include "core/b.h"\nint a(void) { return b(); }\n' > "$T/calls/src/core/a.c"
printf '#include "core/a.h"\nint b(void) { return 2; }\nint c(void) { return a(); }\n' > "$T/calls/src/core/b.c"
build "$T/calls"
layers "$T/calls" "$T/calls/build"
check "two files calling each other fail" test $? -ne 0
check "... as a circle of symbols" grep -q 'circle: .*symbol:' "$T/calls/out"

mk "$T/priv"
printf '/* x.h */\nint x(void);\n' > "$T/priv/src/core/x.h"
printf '/* x_priv.h */\n#include "core/x.h"\nint y(void);\n' > "$T/priv/src/core/x_priv.h"
printf '#include "core/x_priv.h"\nint x(void) { return y(); }\n' > "$T/priv/src/core/x.c"
printf '#include "core/x_priv.h"\nint y(void) { return 3; }\n' > "$T/priv/src/core/y.c"
build "$T/priv"
layers "$T/priv" "$T/priv/build"
check "a private header shared by two files that do not call in a circle passes" test $? -eq 0

# Symbols: io calls core through a declaration of its own, which the includes do not show.
mk "$T/sym"; printf 'int core_get(void);\nint io_up(void) { return core_get(); }\n' > "$T/sym/src/io/up.c"
build "$T/sym"
layers "$T/sym"
check "an upward call without an include passes the include check alone" test $? -eq 0
layers "$T/sym" "$T/sym/build"
check "... and fails the symbol check" test $? -ne 0
check "... naming the symbol" grep -q 'symbol:core_get' "$T/sym/out"

cli_finish
