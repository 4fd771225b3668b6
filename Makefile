# SPDX-License-Identifier: GPL-2.0
#
# make            build ./kdev (-Wall -Wextra -Werror)
# make check      install what is missing, build, run every test (ASan+UBSan)
# make demo       install what is missing, build, boot a real kernel, crash
#                 it and show the decoded report
# make install    PREFIX=/usr/local DESTDIR=
# make fuzz       run the fuzz targets for FUZZ_SECONDS each (default 60)

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
COMPDIR = $(PREFIX)/share/bash-completion/completions

CC = gcc
CLANG ?= clang
CFLAGS ?= -O2 -g
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null | \
		sed 's/^v//;s/^\([0-9a-f]\{7,\}\)/0.1.0-g\1/' || echo 0.1.0)
ifeq ($(VERSION),)
VERSION = 0.1.0
endif

PKGS = libdw libelf capstone
DEP_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Only the headers: capstone is dlopen()ed when a Code: line is first
# disassembled (src/decode/code.c), libdw and libelf when an ELF file is
# first read (src/decode/dw.c), so that a command that needs neither does
# not pay for loading them. dlopen() is in libc (glibc 2.34 and later).
DEP_LIBS := $(shell printf 'int main(void){return 0;}' | \
		$(CC) -x c - -o /dev/null -ldl 2>/dev/null && echo -ldl)
BASE_CFLAGS = -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	      -Wno-missing-field-initializers -Isrc $(DEP_CFLAGS)
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer

LIB_SRCS = $(wildcard src/lib/*.c) $(wildcard src/decode/*.c) $(wildcard src/vm/*.c) \
	   $(wildcard src/kconfig/*.c) $(wildcard src/build/*.c) \
	   $(wildcard src/install/*.c) $(wildcard src/trace/*.c) \
	   $(wildcard src/debug/*.c) $(wildcard src/patch/*.c) \
	   $(wildcard src/ftrace/*.c)
CMD_SRCS = src/kdev.c $(wildcard src/cmd/*.c)
SRCS = $(CMD_SRCS) $(LIB_SRCS)
OBJS = $(SRCS:%.c=build/%.o)
SAN_OBJS = $(SRCS:%.c=build/san/%.o)
SAN_LIB_OBJS = $(LIB_SRCS:%.c=build/san/%.o)
UNIT_SRCS = $(wildcard t/unit/test-*.c)
UNITS = $(UNIT_SRCS:t/unit/%.c=build/unit/%)
FUZZ_SRCS = $(wildcard t/fuzz/fuzz-*.c)
FUZZERS = $(FUZZ_SRCS:t/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60
NPROC := $(shell nproc 2>/dev/null || echo 2)
MANPAGES = $(wildcard doc/*.1)
INIT_BLOB = build/guest/init-blob.o

all: kdev

kdev: $(OBJS) $(INIT_BLOB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(INIT_BLOB) $(DEP_LIBS)

build/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

build/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O1 -g $(SAN_FLAGS) -MMD -MP -c $< -o $@

# Only kdev.c knows the version; it is rebuilt when the version changes.
build/version.h: FORCE
	@mkdir -p $(@D)
	@echo '#define KDEV_VERSION "$(VERSION)"' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
build/src/kdev.o build/san/src/kdev.o: build/version.h
build/src/kdev.o build/san/src/kdev.o: BASE_CFLAGS += -include build/version.h

build/san/kdev: $(SAN_OBJS) $(INIT_BLOB)
	$(CC) $(SAN_FLAGS) -o $@ $(SAN_OBJS) $(INIT_BLOB) $(DEP_LIBS)

build/unit/%: t/unit/%.c $(SAN_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O1 -g $(SAN_FLAGS) -o $@ $< $(SAN_LIB_OBJS) \
		$(DEP_LIBS) -lcmocka

# The guest's PID 1, in the initramfs "kdev run" writes (src/vm/proto.h).
build/guest/kdev-init: guest/init.c guest/conf.c guest/conf.h src/vm/proto.h
	@mkdir -p $(@D)
	$(CC) -static -Os -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-Isrc -Iguest -o $@ guest/init.c guest/conf.c
	strip $@

# ... linked into kdev as _binary_kdev_init_start/_end
$(INIT_BLOB): build/guest/kdev-init
	cd build/guest && ld -r -b binary -z noexecstack -o init-blob.o kdev-init

# t/unit/test-guestconf.c includes guest/conf.c
build/unit/test-guestconf: guest/conf.c guest/conf.h

# The library is compiled once for all fuzz targets, each of which links
# it with its own libFuzzer main.
FUZZ_FLAGS = -Wno-unused-command-line-argument -g -O1
FUZZ_LIB_OBJS = $(LIB_SRCS:%.c=build/fuzzlib/%.o)
# only pattern rules name them: keep make from deleting them afterwards
.SECONDARY: $(FUZZ_LIB_OBJS)

build/fuzzlib/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(BASE_CFLAGS) $(FUZZ_FLAGS) \
		-fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@

build/fuzz/%: t/fuzz/%.c $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(CLANG) $(BASE_CFLAGS) $(FUZZ_FLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB_OBJS) \
		$(DEP_LIBS)

deps:
	scripts/install-deps

# The real targets re-run make so that pkg-config sees what
# install-deps just installed.
check: deps
	@$(MAKE) -j$(NPROC) --no-print-directory check-only

check-only: kdev build/san/kdev $(UNITS) $(FUZZERS)
	@KDEV_UNITS="$(UNITS)" KDEV_FUZZERS="$(FUZZERS)" t/run-tests.sh

demo: deps
	@$(MAKE) --no-print-directory kdev
	scripts/demo

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
		n=$$(basename $$f); mkdir -p build/fuzz/work-$$n; \
		echo "== $$n ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build/fuzz/ \
			build/fuzz/work-$$n \
			t/fuzz/corpus-$${n#fuzz-} || exit 1; \
	done

install: kdev
	install -D -m 755 kdev $(DESTDIR)$(BINDIR)/kdev
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/
	install -D -m 644 contrib/completion/kdev.bash $(DESTDIR)$(COMPDIR)/kdev

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kdev $(DESTDIR)$(COMPDIR)/kdev
	for m in $(notdir $(MANPAGES)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done

clean:
	rm -rf build kdev t/trash t/out

.PHONY: all deps check check-only demo fuzz install uninstall clean FORCE

-include $(OBJS:.o=.d) $(SAN_OBJS:.o=.d) $(FUZZ_LIB_OBJS:.o=.d)
