#!/bin/sh
# have_libfuzzer.sh: exit 0 when clang can build a libFuzzer target with ASan and UBSan here.
command -v clang >/dev/null 2>&1 || exit 1
d=$(mktemp -d "${TMPDIR:-/tmp}/ssc_hf.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$d/t.c"
clang -fsanitize=fuzzer,address,undefined -o "$d/t" "$d/t.c" >/dev/null 2>&1
