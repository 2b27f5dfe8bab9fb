# lightsout -- offline forensic analyzer for Internet outages.
#
#   make            build ./lightsout
#   make demo       install missing packages, build, report on the bundled sample
#   make check      install missing packages, build, run every test
#   make check SANITIZE=1   the same under ASan+UBSan
#   make bench      side-by-side benchmark against bgpdump (large inputs, slow)
#   make samples    write the North Korea sample (samples/nk-2014) again
#   make install PREFIX=/usr/local

PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc

# Debian 12 packages the build, the tests and the benchmark need.
BUILD_PKGS = gcc make zlib1g-dev libbz2-dev liblzma-dev libcsv-dev libcmocka-dev libpcap-dev \
	     libjson-c-dev libscamperfile0-dev nettle-dev libcairo2-dev libfontconfig-dev \
	     fonts-dejavu-core
CHECK_PKGS = bgpdump tshark nfdump scamper
BENCH_PKGS = bgpdump tshark nfdump pigz bzip2 time jq

VERSION	:= 0.1.0

WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-missing-field-initializers
DEFS	 = -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -DLIGHTSOUT_VERSION=\"$(VERSION)\" \
	   -DHAVE_LZMA
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(DEFS) -pthread -I. $(CFLAGS)
LDLIBS	 = -lnettle -lcairo -lfontconfig -lscamperfile -ljson-c -lpcap -lz -lbz2 -llzma -lcsv -lm -pthread
LDFLAGS	?=

ifeq ($(SANITIZE),1)
BUILD	 = build/sanitize
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS	+= -fsanitize=address,undefined
BIN	 = $(BUILD)/lightsout
else
BUILD	 = build/release
BIN	 = lightsout
endif

LIB_SRCS  = $(wildcard parsers/*.c) $(wildcard reports/*.c) \
	    $(filter-out analyzer/main.c,$(wildcard analyzer/*.c))
MAIN_SRC  = analyzer/main.c
TEST_SRCS = $(wildcard tests/test_*.c)

LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ  = $(MAIN_SRC:%.c=$(BUILD)/%.o)
TEST_BINS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
# Writes the generated BGP archive of the timeline tests and benchmark.
SCENARIO_GEN = $(BUILD)/tests/scenario_gen
# Writes the North Korea sample, samples/nk-2014 (its README says what
# is generated and what is not).
NK_GEN	  = $(BUILD)/samples/nk_gen
NK_GEN_SRCS = $(wildcard samples/nk_gen*.c)
NK_DIR	  = samples/nk-2014
NK_GENERATED = $(NK_DIR)/archive.routeviews.org $(NK_DIR)/data.ris.ripe.net \
	    $(NK_DIR)/flows $(NK_DIR)/atlas

.PHONY: all deps check-deps demo check unit bench samples install clean

all: $(BIN)

$(BIN): $(MAIN_OBJ) $(BUILD)/liblightsout.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/liblightsout.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/liblightsout.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblightsout.a $(LDLIBS) -lcmocka

$(SCENARIO_GEN): tests/scenario_gen.c tests/mrt_build.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/scenario_gen.c -lbz2 -lz

$(NK_GEN): $(NK_GEN_SRCS) samples/nk_gen.h samples/nk_gen_bgp.h tests/mrt_build.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(NK_GEN_SRCS) -lbz2 -lz -lm

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d)

# Install what is missing from Debian's archive when root; otherwise say
# exactly what to run and stop.
define install_pkgs
	@missing=""; for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing:$$missing"; \
	        DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	    else \
	        echo "missing Debian packages; run:"; \
	        echo "    sudo apt-get install -y$$missing"; \
	        exit 1; \
	    fi; \
	fi
endef

deps:
	$(call install_pkgs,$(BUILD_PKGS))

check-deps: deps
	$(call install_pkgs,$(CHECK_PKGS))

demo: deps
	$(MAKE) all
	./$(BIN) dump -m samples/updates.sample.gz | head -n 5
	./$(BIN) dump --format csv samples/netflow-v9.sample.pcap.gz | head -n 5
	./$(BIN) report -q samples/nk-2014/nk-2014.event --out build/nk-2014-report
	@sed -n '1,/^Inputs$$/p' build/nk-2014-report/report.txt | sed '$$d'
	@sed -n '/^Published findings$$/,$$p' build/nk-2014-report/report.txt
	@echo "The whole report, its CSV and plots: build/nk-2014-report/"

# Every test binary runs; the last lines are cmocka's summaries.
check: check-deps
	$(MAKE) all $(TEST_BINS) $(SCENARIO_GEN) $(NK_GEN)
	@status=0; for t in $(TEST_BINS); do \
	    echo "== $$t"; \
	    LIGHTSOUT_BIN=./$(BIN) LIGHTSOUT_SCENARIO_GEN=./$(SCENARIO_GEN) \
	    LIGHTSOUT_NK_GEN=./$(NK_GEN) $$t || status=1; \
	done; exit $$status

# Writes the sample again; all and check never do (check compares it with
# what nk_gen writes, in test_nk_sample): the committed files are what
# users run.
samples: $(NK_GEN)
	rm -rf $(NK_GENERATED)
	./$(NK_GEN) $(NK_DIR)

bench: all
	$(call install_pkgs,$(BENCH_PKGS))
	tests/bench.sh ./$(BIN)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/lightsout
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/

clean:
	rm -rf build lightsout
