# irsa-migrate: `make demo` and `make test` are the two set-up commands (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PYTHON := $(VENV)/bin/python
BIN := .build/debug/irsa-migrate
OUT := out

.PHONY: help build test harness-test demo bench chaos chaos-short format lint deps sqlite clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

deps: sqlite $(VENV)/.installed ## install what builds and tests need (SQLite headers, the harness venv)

sqlite:
	@test -f /usr/include/sqlite3.h || test "$$(uname)" = Darwin || \
	  { echo "installing libsqlite3-dev"; apt-get update -qq && apt-get install -y -qq libsqlite3-dev; }

$(VENV)/.installed: Tests/Harness/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r Tests/Harness/requirements.txt
	touch $@

build: sqlite ## build the irsa-migrate binary
	$(SWIFT) build

test: deps ## build, then run every test: unit, golden, end-to-end, and the emulator suites
	$(SWIFT) build --build-tests
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test --skip-build --parallel --num-workers 2
	$(MAKE) --no-print-directory harness-test
	$(MAKE) --no-print-directory chaos-short

harness-test: deps ## the emulator harness's own tests (real kubectl and aws)
	@if [ -d Tests/Harness/tests ]; then PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PYTHON) -m pytest -q -n 2 Tests/Harness; fi

DEMO_ISSUER := https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
DEMO_HARNESS := $(OUT)/demo-harness
HARNESS := PYTHONPATH=Tests/Harness $(PYTHON) -m harness

demo: build $(VENV)/.installed ## the whole story on the emulators: plan, report, apply, status, rollback, compare
	@mkdir -p $(OUT)
	rm -rf $(OUT)/demo.db* $(OUT)/demo-before $(OUT)/demo-after
	@trap '$(HARNESS) down --state-dir $(DEMO_HARNESS) >/dev/null' EXIT; \
	set -e; \
	echo "== starting the emulators (Kubernetes API, IAM/STS) seeded with examples/estate"; \
	$(HARNESS) up --state-dir $(DEMO_HARNESS) --estate examples/estate --issuer $(DEMO_ISSUER) >/dev/null; \
	eval "$$($(PYTHON) Tests/Harness/demo_env.py $(DEMO_HARNESS))"; \
	LIVE="--kubeconfig $$KUBECONFIG --aws-endpoint-url $$AWS_ENDPOINT_URL --aws $$DEMO_AWS --profile prod --profile data"; \
	echo "== snapshot of the estate before"; \
	$(BIN) snapshot --out $(OUT)/demo-before $$LIVE; \
	echo "== plan kiam-to-irsa from the live cluster and accounts"; \
	$(BIN) plan kiam-to-irsa --issuer $(DEMO_ISSUER) --role-base-arn arn:aws:iam::111122223333:role/ \
	  --state $(OUT)/demo.db $$LIVE | tail -n 3; \
	$(BIN) report --state $(OUT)/demo.db --out $(OUT)/demo-report.md; \
	echo "== apply prepare, cutover and verify"; \
	echo "   (the ok lines are left out here; the full output is in $(OUT)/demo-apply.txt)"; \
	{ $(BIN) apply --phase prepare --phase cutover --phase verify --yes --state $(OUT)/demo.db $$LIVE 2>/dev/null \
	  || echo "   (exit $$?: expected here: data-exporter sets a static AWS_ACCESS_KEY_ID, which verify must catch)"; } \
	  | tee $(OUT)/demo-apply.txt | grep -Ev '^(ok|unchanged) ' || true; \
	echo "== status"; \
	$(BIN) status --state $(OUT)/demo.db | sed -n '1,3p'; \
	echo "== rollback --all"; \
	$(BIN) rollback --all --yes --state $(OUT)/demo.db $$LIVE 2>/dev/null | tail -n 1; \
	echo "== snapshot after, compared with before"; \
	$(BIN) snapshot --out $(OUT)/demo-after $$LIVE; \
	$(HARNESS).compare $(OUT)/demo-before $(OUT)/demo-after
	@echo "The change-review report is in $(OUT)/demo-report.md"

bench: sqlite ## plan a synthetic 10,000-workload / 5,000-role estate with a release build
	$(SWIFT) build -c release
	@mkdir -p $(OUT)/bench
	python3 Tests/Fixtures/generate_estate.py --workloads 10000 --roles 5000 --out $(OUT)/bench/estate
	rm -f $(OUT)/bench/bench.db
	/usr/bin/time -f "plan: %e s wall, %M KiB max resident" .build/release/irsa-migrate plan kiam-to-irsa \
	  --snapshot $(OUT)/bench/estate --issuer https://oidc.eks.eu-west-1.amazonaws.com/id/BENCH \
	  --role-base-arn arn:aws:iam::111122223333:role/ --state $(OUT)/bench/bench.db --format json > $(OUT)/bench/plan.json

SEED ?= 7
RUNS ?=
CHAOS = PATH="$(CURDIR)/$(VENV)/bin:$$PATH" PYTHONPATH=Tests/Harness $(PYTHON) -m harness.chaos --binary $(BIN) \
  --seed $(SEED) $(if $(RUNS),--runs $(RUNS))

chaos: build $(VENV)/.installed ## the reliability campaign (SEED=7 RUNS=N): kill points, fault rates, state-file faults, hostile inputs
	$(CHAOS)

chaos-short: build $(VENV)/.installed ## the short seeded campaign inside make test (a few minutes; known defects reported, not failed)
	$(CHAOS) --short

format: ## format the Swift sources in place
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

lint: ## check formatting and that MigrationCore stays pure
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	@! grep -rnE '\b(Process\(|FileManager|ProcessInfo|Date\(\)|print\(|exit\()' Sources/MigrationCore \
	  || { echo "MigrationCore must not touch processes, files, the environment, the clock or stdout"; exit 1; }

clean: ## remove build products and the venv
	rm -rf .build $(VENV) $(OUT)
