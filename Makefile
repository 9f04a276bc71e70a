# Ballast's front door. Every target is a thin wrapper over cargo.
#
# Tests run isolated from the machine's git and proxy settings (STYLE.md rule 18).

CARGO ?= cargo
TEST_ENV = GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
	HTTP_PROXY= HTTPS_PROXY= NO_PROXY= http_proxy= https_proxy= no_proxy= ALL_PROXY= all_proxy=

.PHONY: build test e2e lint crds crds-check verify bench demo

## build: compile every crate and binary (debug)
build:
	$(CARGO) build --workspace --all-targets

## test: the whole suite, from one build
test:
	$(TEST_ENV) $(CARGO) nextest run --workspace --no-fail-fast

## e2e: only the cross-process end-to-end suite (tests/integration/e2e), after
## building the binaries it runs (devcluster via `ballast`, both controllers)
e2e:
	$(CARGO) build -p ballast-cli -p ballast-source-controller -p ballast-kustomize-controller --bins
	$(TEST_ENV) $(CARGO) nextest run -p ballast-tests -E 'test(/^e2e::/)'

## lint: formatting and clippy, warnings are errors
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## crds: write crds/*.yaml from the Rust API types
crds:
	$(CARGO) xtask crdgen

## crds-check: fail, naming each file, when crds/ is stale
crds-check:
	$(CARGO) xtask crdgen --check

## verify: lint, CRD staleness, then the whole suite
verify: lint crds-check test

## bench: speed and memory, side by side with the peer tools (figures go to docs/benchmarks.md)
bench:
	$(TEST_ENV) $(CARGO) bench --workspace

## demo: build `ballast`, run `ballast dev up` on a scratch copy of examples/demo-repo
## and walk through commit -> applied, hand edit -> healed, revert -> rolled back
demo:
	$(CARGO) build -p ballast-cli
	examples/demo.sh "$${CARGO_TARGET_DIR:-target}/debug/ballast"
