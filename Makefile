# tako: `make demo` runs the release train, `make test` runs every test.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug

.PHONY: deps build test check-imports check-spawn check-scripts format format-check demo clean

# Installs libyaml, libgit2 and RE2 headers from Debian when pkg-config cannot find them, and
# python3 (scripts/check-imports.py) when it is missing, python3's jsonschema when python3
# cannot import it, and the servers the tests of private remotes run (nginx, fcgiwrap,
# sshd, openssl) when absent, and shellcheck (takoc check runs it on run scripts).
TEST_SERVERS := /usr/sbin/nginx:nginx /usr/sbin/fcgiwrap:fcgiwrap /usr/sbin/sshd:openssh-server \
	/usr/bin/ssh-keygen:openssh-client /usr/bin/openssl:openssl /usr/lib/git-core/git-http-backend:git
deps:
	@if ! pkg-config --exists yaml-0.1 libgit2 re2 2>/dev/null || ! command -v python3 >/dev/null; then \
		echo "installing libyaml-dev libgit2-dev libre2-dev pkg-config git python3 (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libyaml-dev libgit2-dev libre2-dev pkg-config git python3 >/dev/null; \
	fi
	@# GNU patch applies takoc migrate's diff in its end-to-end test.
	@if ! command -v patch >/dev/null 2>&1; then \
		echo "installing patch (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq patch >/dev/null; \
	fi
	@# The JSON Schema checks of the plan and of tako exec --events (skipped without it).
	@# and of the manifests of tako export argo (scripts/validate-argo.py, simulate-argo.py).
	@if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then \
		echo "installing python3-jsonschema python3-yaml (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-jsonschema python3-yaml >/dev/null; \
	fi
	@# The official OpenTelemetry protobuf definitions read tako exec --trace's file in its test.
	@if ! python3 -c 'import opentelemetry.proto.trace.v1.trace_pb2' 2>/dev/null; then \
		echo "installing opentelemetry-proto (pip)"; \
		python3 -m pip install -q opentelemetry-proto >/dev/null \
			|| echo "opentelemetry-proto could not be installed: the trace file's test is skipped with a message"; \
	fi
	@# ShellCheck: takoc check runs it on the run scripts (without it, a note says it was skipped).
	@if ! command -v shellcheck >/dev/null 2>&1; then \
		echo "installing shellcheck (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq shellcheck >/dev/null; \
	fi
	@missing=""; for pair in $(TEST_SERVERS); do \
		[ -x "$${pair%%:*}" ] || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

# The import check first (seconds, and it names the file and line), then every test, in
# parallel: no test measures how long something took. The end-to-end tests run the binaries
# of the build under test, which TAKO_BIN_DIR names.
test: deps check-imports check-spawn check-scripts format-check
	$(SWIFT) build --build-tests
	TAKO_BIN_DIR="$$($(SWIFT) build --show-bin-path)" $(SWIFT) test --skip-build

# Package.swift's dependencies must equal each target's imports; the checker's own tests
# run it on two small packages, one of which must fail.
# Foundation's Process.run() over-reads /proc/self/fd on Linux and crashed the test process
# (swiftlang/swift-corelibs-foundation#5472); children start through ChildSpawn instead.
check-spawn:
	@! grep -rnE '\bProcess\(\)' Sources Tests Benchmarks --include='*.swift' || { echo "use ChildSpawn (Sources/TakoBasics/ChildSpawn.swift), not Foundation's Process" >&2; exit 1; }

# The project's own shell scripts pass the linter its run scripts go through.
check-scripts: deps
	shellcheck scripts/*.sh .ci/run

check-imports: deps
	python3 scripts/check-imports.py
	python3 scripts/test-check-imports.py

# swift-format with the repository's .swift-format: `make format` rewrites the Swift files
# in place, `make format-check` fails when one of them is not formatted.
# Tests/Tools holds the import checker's sample packages, kept byte for byte as written.
FORMATTED := Package.swift Sources $(filter-out Tests/Tools,$(wildcard Tests/*)) Benchmarks/CEL/Package.swift Benchmarks/CEL/Sources Benchmarks/Semver/Package.swift Benchmarks/Semver/Sources
format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMATTED)
format-check:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)

demo: build
	bash scripts/demo.sh $(BIN)

clean:
	rm -rf .build

# Benchmarks: each lives in its own package under Benchmarks/ and a script in scripts/,
# so `make test` never builds them.
.PHONY: bench-cel bench-semver bench-check bench-plan bench-exec bench-sync bench-hostile
bench-cel: deps
	bash scripts/bench-cel.sh
bench-semver: deps
	bash scripts/bench-semver.sh
bench-check: deps
	bash scripts/bench-check.sh
bench-plan: deps
	bash scripts/bench-plan.sh
bench-exec: deps
	bash scripts/bench-exec.sh
bench-sync: deps
	bash scripts/bench-sync.sh
bench-hostile: deps
	bash scripts/bench-hostile.sh
