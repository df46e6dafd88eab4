# Makefile: the one build of seedscan (library, CLI, tests, bench, install).
#   make            libseedscan.a and the seedscan binary
#   make check      layer check, unit tests (cmocka drivers) and CLI golden tests
#   make sanitize   the whole suite under ASan+UBSan, in build-san/
#   make valgrind   the whole suite under valgrind
#   make bench      throughput and memory figures (bench/RESULTS.md); bench-genome: genome mode;
#                   bench-duplex: duplex energies against RNAduplex and RNAhybrid
#   make install PREFIX=/usr/local
#   make asan=1 / ubsan=1    sanitizer builds (objects kept apart per flavour)

CC       ?= cc
CFLAGS   ?= -O2 -g -Wall -Wextra
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE
PREFIX   ?= /usr/local
VERSION  := $(shell sed -n 's/^\#define SSC_VERSION "\(.*\)"/\1/p' include/seedscan.h)

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

# One folder per layer, listed bottom up: a layer uses only those before it
# (tests/layers.sh checks the includes and the objects' symbols). Every layer
# but cli/ is the library; cli/ is the seedscan binary.
LAYERS    := io core thermo genome targetscan expr panel
LIB_SRCS  := $(wildcard $(LAYERS:%=src/%/*.c))
CLI_SRCS  := $(wildcard src/cli/*.c)
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(B)/%.o)
CLI_OBJS  := $(CLI_SRCS:src/%.c=$(B)/%.o)
TEST_SRCS := $(wildcard tests/*/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(B)/tests/%)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))

# The binary is built per flavour and linked to ./seedscan for the default one.
ifeq ($(B),build)
  BIN := seedscan
else
  BIN := $(B)/seedscan
endif

.PHONY: all check layers unit cli sanitize valgrind bench bench-genome bench-duplex install clean demo
all: $(BIN) seedscan.1

$(B)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libseedscan.a: $(LIB_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

libseedscan.a: $(B)/libseedscan.a
	cp $< $@

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

# Drivers run from the top directory so that fixture paths are testdata/...;
# cmocka prints its summary on stderr, hence 2>&1.  RUNNER wraps each (valgrind).
unit: $(TEST_BINS)
	@fail=0; for t in $(TEST_BINS); do \
	  echo "== $$t"; $(RUNNER) ./$$t 2>&1 || fail=1; \
	done; exit $$fail

cli: $(BIN)
	SEEDSCAN="$(RUNNER) $(abspath $(BIN))" sh tests/cli/cli.sh

# No layer uses one listed after it, no circles: includes, then the objects' symbols.
layers: $(BIN)
	sh tests/layers.sh $(B)
	sh tests/layers_selftest.sh

check: all
	@$(MAKE) --no-print-directory layers
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory cli

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

# Duplex energies: the 300 reference pairs and one miRNA x the shipped 3'UTRs, CPU time.
bench-duplex: all
	BIN=$(abspath $(BIN)) sh bench/duplex.sh

install: all libseedscan.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/seedscan
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/seedscan
	install -m 644 libseedscan.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/seedscan.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 seedscan.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp -R refs/. $(DESTDIR)$(PREFIX)/share/seedscan/

clean:
	rm -rf build build-asan build-ubsan build-asan-ubsan seedscan libseedscan.a seedscan.1

-include $(wildcard $(B)/*/*.d $(B)/tests/*/*.d $(B)/bench/*.d)
