# mitsuke - top-level wrapper around CMake. `make help` lists the targets.
PREFIX ?= /usr/local
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all build deps test test-fast unit asan demo bench fuzz fuzz-build install clean help

all: build

help:
	@echo "make            build $(BUILD)/mitsuke"
	@echo "make deps       install Debian packages (scripts/install-deps, needs root)"
	@echo "make test       build, then run every test (also under ASan+UBSan, and in chromium)"
	@echo "make demo       run mitsuke on the bundled sample data"
	@echo "make bench      run the benchmarks in bench/ (writes build/bench/)"
	@echo "make fuzz       build the libFuzzer harnesses with clang and run each for FUZZ_SECONDS"
	@echo "make install    install to PREFIX (default /usr/local), honouring DESTDIR"

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

deps:
	sh scripts/install-deps

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DMITSUKE_SANITIZE=ON

# The README's test command. Runs everything in the normal build, then the unit
# and end-to-end tests again with AddressSanitizer + UndefinedBehaviorSanitizer.
test: build $(ASAN_BUILD)/CMakeCache.txt
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE browser

# Unit and end-to-end tests of the normal build only (quick local loop).
test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE browser

demo: build
	sh scripts/demo $(BUILD)/mitsuke

bench: build
	bash bench/run.sh $(BUILD)/mitsuke

fuzz-build:
	cmake -S . -B $(FUZZ_BUILD) $(CMAKE_GEN) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DMITSUKE_FUZZ=ON -DMITSUKE_SANITIZE=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Configures the build for PREFIX first: the program looks for its rules
# under PREFIX/share/mitsuke, so the prefix is compiled in.
install:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
