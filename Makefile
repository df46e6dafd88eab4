# Makefile: the one build of seedscan (library, CLI, tests, bench, install).
#   make            libseedscan.a and the seedscan binary
#   make check      layer check, unit tests (cmocka drivers) and CLI golden tests
#   make sanitize   the whole suite under ASan+UBSan, in build-san/
#   make valgrind   the whole suite under valgrind
#   make fuzz       the libFuzzer targets (clang), in build-fuzz/fuzz/; see tests/fuzz/README.md
#   make bench      throughput and memory figures (bench/RESULTS.md); bench-genome: genome mode;
#                   bench-duplex: duplex energies against RNAduplex and RNAhybrid;
#                   bench-ctx: context++ sites/s and the run with native SA (BASE=old binary)
#                   bench-fold: unpaired probabilities against RNAplfold
#   make install PREFIX=/usr/local [DESTDIR=...]   copies only: writes nothing into the tree
#   make asan=1 / ubsan=1    sanitizer builds (objects kept apart per flavour)

CC       ?= cc
CFLAGS   ?= -O2 -g -Wall -Wextra
CFLAGS_ORIGIN := $(origin CFLAGS)
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE
PREFIX   ?= /usr/local
VERSION  := $(shell sed -n 's/^\#define SSC_VERSION "\(.*\)"/\1/p' include/seedscan.h)
# The shared library's soname changes with the ABI (the major version), not every release.
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
SONAME   := libseedscan.so.$(SOMAJOR)

PKG_CFLAGS := $(shell pkg-config --cflags htslib zlib 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs htslib zlib 2>/dev/null || echo -lhts -lz)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
override CFLAGS += -std=c11 $(PKG_CFLAGS) -pthread -MMD -MP
# SIMDe (Debian: libsimde-dev, headers only) gives the vector kernel on CPUs other than x86.
ifneq ($(wildcard /usr/include/simde/x86/sse2.h),)
  override CPPFLAGS += -DSSC_HAVE_SIMDE
endif
LIBS     = $(PKG_LIBS) -lpthread -lm

B := build
ifeq ($(asan),1)
  override CFLAGS  += -fsanitize=address -fno-omit-frame-pointer
  override LDFLAGS += -fsanitize=address
  B := $(B)-asan
endif
ifeq ($(ubsan),1)
  override CFLAGS  += -fsanitize=undefined -fno-sanitize-recover=undefined
  override LDFLAGS += -fsanitize=undefined
  B := $(B)-ubsan
endif
ifeq ($(tsan),1) # ThreadSanitizer: the -t code paths' races
  ifeq ($(asan),1)
    $(error tsan=1 and asan=1 cannot be combined (the two sanitizers exclude each other))
  endif
  override CFLAGS  += -fsanitize=thread
  override LDFLAGS += -fsanitize=thread
  B := $(B)-tsan
endif
# The fuzz flavour: everything instrumented for libFuzzer, ASan and UBSan (clang only).
ifeq ($(fuzz),1)
  CC := clang
  override CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
                     -fno-omit-frame-pointer
  override LDFLAGS += -fsanitize=address,undefined
  B := build-fuzz
endif

# One folder per layer, listed bottom up: a layer uses only those before it
# (tests/layers.sh checks the includes and the objects' symbols). Every layer
# but cli/ is the library; cli/ is the seedscan binary.
LAYERS    := io core thermo genome targetscan expr panel
LIB_SRCS  := $(wildcard $(LAYERS:%=src/%/*.c))
CLI_SRCS  := $(wildcard src/cli/*.c)
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(B)/%.o)
PIC_OBJS  := $(LIB_SRCS:src/%.c=$(B)/pic/%.o)
CLI_OBJS  := $(CLI_SRCS:src/%.c=$(B)/%.o)
TEST_SRCS := $(wildcard tests/*/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(B)/tests/%)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))
# Fuzz targets link the CLI's objects but main.o (libFuzzer has its own main).
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_NAMES:%=$(B)/fuzz/fuzz_%)
CLI_LIB_OBJS := $(filter-out $(B)/cli/main.o,$(CLI_OBJS))

# The binary is built per flavour and linked to ./seedscan for the default one.
ifeq ($(B),build)
  BIN := seedscan
else
  BIN := $(B)/seedscan
endif

.PHONY: all check layers unit cli sanitize valgrind bench bench-genome bench-duplex bench-ctx bench-fold install clean demo fuzz fuzz-bins fuzz-check
all: $(BIN) seedscan.1 $(B)/libseedscan.so.$(VERSION)

$(B)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The shared library is built from position-independent objects kept apart
# from the static library's (htslib does the same: *.o and *.pico).
$(B)/pic/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c -o $@ $<

# The context++ step's file is built at -O3: its 3' search, scoring and formatting run ~6%
# fewer instructions than at -O2 (bench/RESULTS.md, context++ round 11); the rest of the tree
# measured the same at both. CFLAGS given to make or in the environment are used as they are.
ifeq ($(CFLAGS_ORIGIN),file)
$(B)/targetscan/contextpp.o $(B)/pic/targetscan/contextpp.o: override CFLAGS += -O3
endif

$(B)/libseedscan.a: $(LIB_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/libseedscan.so.$(VERSION): $(PIC_OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BIN): $(CLI_OBJS) $(B)/libseedscan.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(B)/libseedscan.a $(LIBS)

seedscan.1: src/cli/seedscan.1.in include/seedscan.h
	sed 's/@VERSION@/$(VERSION)/g' $< > $@

$(B)/tests/%: tests/%.c $(B)/libseedscan.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -o $@ $< $(B)/libseedscan.a $(CMOCKA_LIBS) $(LIBS) $(LDFLAGS)

$(B)/bench/%: bench/%.c $(B)/libseedscan.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libseedscan.a $(LIBS) $(LDFLAGS)

# Every target goes into one binary, linked once (a link per target cost more than
# compiling them); fuzz/fuzz_NAME are hard links to it and the name picks the
# target (tests/fuzz/dispatch.c). Each target's entry points are renamed as it
# is compiled, and targets.h lists them for the dispatcher.
$(B)/fuzz/obj/fuzz_%.o: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) -DLLVMFuzzerTestOneInput=fz_one_$* \
	  -DLLVMFuzzerInitialize=fz_init_$* -c -o $@ $<

$(B)/fuzz/obj/targets.h: $(wildcard tests/fuzz/fuzz_*.c)
	@mkdir -p $(@D)
	printf 'FZ_TARGET(%s)\n' $(FUZZ_NAMES) > $@

$(B)/fuzz/obj/dispatch.o: tests/fuzz/dispatch.c $(B)/fuzz/obj/targets.h
	$(CC) $(CPPFLAGS) -I$(B)/fuzz/obj $(CFLAGS) -c -o $@ $<

$(B)/fuzz/obj/fuzz: $(FUZZ_NAMES:%=$(B)/fuzz/obj/fuzz_%.o) $(B)/fuzz/obj/dispatch.o $(B)/libseedscan.a $(CLI_LIB_OBJS)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(B)/libseedscan.a $(LIBS) $(LDFLAGS)

$(FUZZ_BINS): $(B)/fuzz/fuzz_%: $(B)/fuzz/obj/fuzz
	ln -f $< $@

fuzz:
	@$(MAKE) --no-print-directory fuzz=1 fuzz-bins
fuzz-bins: $(FUZZ_BINS)

# A few seconds per target over its committed corpus (every past finding
# among its inputs); skipped, saying so, without clang's libFuzzer.
FUZZ_SECONDS ?= 1
fuzz-check:
	@if sh tests/fuzz/have_libfuzzer.sh; then \
	  $(MAKE) --no-print-directory fuzz && sh tests/fuzz/run.sh build-fuzz/fuzz $(FUZZ_SECONDS); \
	else echo "fuzz: SKIPPED: clang with libFuzzer not found (sh .ci/deps --test installs it)"; fi

# Drivers run from the top directory so that fixture paths are testdata/...;
# cmocka prints its summary on stderr, hence 2>&1.  RUNNER wraps each (valgrind).
unit: $(TEST_BINS)
	@fail=0; for t in $(TEST_BINS); do \
	  echo "== $$t"; $(RUNNER) ./$$t 2>&1 || fail=1; \
	done; exit $$fail

# CC, LDFLAGS (the sanitizers) and the build folder are for the tests that build programs against the
# library (the install test, the doc test); the install test installs with this make's variables.
cli: all
	SEEDSCAN="$(RUNNER) $(abspath $(BIN))" SSC_CC="$(CC)" SSC_LDFLAGS="$(LDFLAGS)" SSC_BUILD="$(abspath $(B))" \
	  sh tests/cli/cli.sh

# No layer uses one listed after it, no circles: includes, then the objects' symbols.
layers: $(BIN)
	sh tests/layers.sh $(B)
	sh tests/layers_selftest.sh

check: all
	@$(MAKE) --no-print-directory layers
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory cli
	@$(MAKE) --no-print-directory fuzz-check

# The main job on the shipped data: the resistance panel against the shipped human 3'UTRs.
demo: $(BIN)
	./$(BIN) panel --report

sanitize:
	$(MAKE) asan=1 ubsan=1 check

VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
valgrind: all
	$(MAKE) --no-print-directory unit RUNNER="$(VALGRIND)" SSC_TEST_QUICK=1
	$(MAKE) --no-print-directory cli RUNNER="$(VALGRIND)"

bench: all $(BENCH_BINS)
	BIN=$(abspath $(BIN)) BENCHDIR=$(abspath $(B)/bench) sh bench/run.sh

# Genome mode: seedscan utr on a generated 200 Mnt genome and GTF, against gffread -w.
bench-genome: all $(BENCH_BINS)
	BIN=$(abspath $(BIN)) GENGTF=$(abspath $(B)/bench/gengtf) sh bench/genome.sh

# context++: the targetscan context step alone (sites/s) and from FASTA with native SA, every
# human miRNA against the shipped and a generated 3'UTR set; BASE=older/seedscan adds a baseline.
bench-ctx: all $(BENCH_BINS)
	BIN=$(abspath $(BIN)) BENCHDIR=$(abspath $(B)/bench) BASE=$(BASE) sh bench/ctx.sh

# Unpaired probabilities (fold) on the shipped 3'UTRs and a generated set, against RNAplfold when
# on the PATH (RNAPLFOLD=..., several separated by ':'), -t 1 and 2, CPU time.
bench-fold: all $(BENCH_BINS)
	BIN=$(abspath $(BIN)) BENCHDIR=$(abspath $(B)/bench) sh bench/fold.sh

# Duplex energies: the 300 reference pairs and one miRNA x the shipped 3'UTRs, CPU time.
bench-duplex: all
	BIN=$(abspath $(BIN)) sh bench/duplex.sh

# Copies what `make` built; nothing is written into the source tree. The
# pkg-config file is made from src/seedscan.pc.in straight into its destination.
LIBDIR = $(PREFIX)/lib
INCDIR = $(PREFIX)/include
MANDIR = $(PREFIX)/share/man/man1
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(PREFIX)/share/seedscan
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/seedscan
	install -m 644 $(B)/libseedscan.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libseedscan.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libseedscan.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libseedscan.so
	install -m 644 include/seedscan.h $(DESTDIR)$(INCDIR)/
	install -m 644 seedscan.1 $(DESTDIR)$(MANDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	  -e 's|@VERSION@|$(VERSION)|' src/seedscan.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/seedscan.pc
	cp -R refs/. $(DESTDIR)$(PREFIX)/share/seedscan/

clean:
	rm -rf build build-asan build-ubsan build-asan-ubsan build-fuzz seedscan libseedscan.a seedscan.1

-include $(wildcard $(B)/*/*.d $(B)/pic/*/*.d $(B)/tests/*/*.d $(B)/bench/*.d $(B)/fuzz/obj/*.d)
