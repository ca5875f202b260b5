# irsa-migrate: `make demo` and `make test` are the two set-up commands (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PYTHON := $(VENV)/bin/python
BIN := .build/debug/irsa-migrate
OUT := out

.PHONY: help build test harness-test fuzz demo demo-instance-role bench chaos chaos-short format lint deps sqlite clean build-info release install uninstall install-test playbooks playbooks-short

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
	$(MAKE) --no-print-directory playbooks-short

harness-test: deps ## the emulator harness's own tests (real kubectl and aws)
	@if [ -d Tests/Harness/tests ]; then PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PYTHON) -m pytest -q -n 2 Tests/Harness; fi

FUZZ_CASES ?= 200000
FUZZ_SEED ?= $(shell date +%s)

fuzz: ## the planners' property test on many more generated cases (FUZZ_CASES, FUZZ_SEED to reproduce)
	$(SWIFT) build --build-tests
	@echo "property test: $(FUZZ_CASES) cases, seed $(FUZZ_SEED)"
	IRSA_MIGRATE_PROPERTY_CASES=$(FUZZ_CASES) IRSA_MIGRATE_PROPERTY_SEED=$(FUZZ_SEED) \
	  $(SWIFT) test --skip-build --parallel --num-workers 2 --filter PlannerPropertyTests

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
	{ $(BIN) apply --phase prepare --phase cutover --phase verify --patch-owned --yes --state $(OUT)/demo.db $$LIVE 2>/dev/null \
	  || echo "   (exit $$?: expected here: data-exporter sets a static AWS_ACCESS_KEY_ID, which verify must catch)"; } \
	  | tee $(OUT)/demo-apply.txt | grep -Ev '^(ok|unchanged) ' || true; \
	echo "== status"; \
	$(BIN) status --state $(OUT)/demo.db | sed -n '1,3p'; \
	echo "== rollback --all"; \
	$(BIN) rollback --all --patch-owned --yes --state $(OUT)/demo.db $$LIVE 2>/dev/null | tail -n 1; \
	echo "== snapshot after, compared with before"; \
	$(BIN) snapshot --out $(OUT)/demo-after $$LIVE; \
	$(HARNESS).compare $(OUT)/demo-before $(OUT)/demo-after
	@echo "The change-review report is in $(OUT)/demo-report.md"

IR_ESTATE := examples/instance-role-estate
IR_HARNESS := $(OUT)/demo-ir-harness
IR_DB := $(OUT)/demo-instance-role.db

demo-instance-role: build $(VENV)/.installed ## instance role -> IRSA on the emulators: plan, report, apply, cleanup, status, rollback, compare
	@mkdir -p $(OUT)
	rm -rf $(IR_DB)* $(OUT)/demo-ir-before $(OUT)/demo-ir-after
	@trap '$(HARNESS) down --state-dir $(IR_HARNESS) >/dev/null' EXIT; \
	set -e; start=$$SECONDS; \
	echo "== starting the emulators seeded with $(IR_ESTATE) (moto with AWS managed policies)"; \
	MOTO_IAM_LOAD_MANAGED_POLICIES=true $(HARNESS) up --state-dir $(IR_HARNESS) --estate $(IR_ESTATE) \
	  --issuer $(DEMO_ISSUER) >/dev/null; \
	eval "$$($(PYTHON) Tests/Harness/demo_env.py $(IR_HARNESS))"; \
	LIVE="--kubeconfig $$KUBECONFIG --aws-endpoint-url $$AWS_ENDPOINT_URL --aws $$DEMO_AWS --profile prod"; \
	echo "== snapshot of the estate before (with the roles' policies)"; \
	$(BIN) snapshot --include-authorization-details --out $(OUT)/demo-ir-before $$LIVE; \
	echo "== plan instance-role from the live cluster and account"; \
	$(BIN) plan instance-role $$(cat $(IR_ESTATE)/args) --state $(IR_DB) --format json $$LIVE > $(OUT)/demo-ir-plan.json; \
	$(PYTHON) Tests/Harness/demo_counts.py $(OUT)/demo-ir-plan.json; \
	$(BIN) report --state $(IR_DB) --out $(OUT)/demo-ir-report.md; \
	phase() { echo "== apply $$*"; $(BIN) apply $$* --patch-owned --yes --state $(IR_DB) $$LIVE 2>/dev/null \
	  | tee -a $(OUT)/demo-ir-apply.txt | grep -Ev '^(ok|unchanged) ' || true; }; \
	: > $(OUT)/demo-ir-apply.txt; \
	echo "   (the ok lines are left out here; the full output is in $(OUT)/demo-ir-apply.txt)"; \
	phase --phase prepare --phase cutover --phase verify; \
	phase --phase cleanup; \
	echo "== status"; \
	$(BIN) status --state $(IR_DB) | sed -n '1,3p'; \
	echo "== rollback --all"; \
	$(BIN) rollback --all --patch-owned --yes --state $(IR_DB) $$LIVE 2>/dev/null | tail -n 1; \
	echo "== snapshot after, compared with before (trust, policies of every role, service accounts, workloads)"; \
	$(BIN) snapshot --include-authorization-details --out $(OUT)/demo-ir-after $$LIVE; \
	$(HARNESS).compare $(OUT)/demo-ir-before $(OUT)/demo-ir-after; \
	echo "demo-instance-role: $$((SECONDS - start)) s wall (emulators included)"
	@echo "The change-review report is in $(OUT)/demo-ir-report.md"

# Release build for installing: the Swift runtime and Foundation linked in (-static-stdlib), so
# the binary needs only glibc and the system SQLite. Its own scratch path keeps `make bench` and
# `make build` from rebuilding it. -DIRSA_MIGRATE_BUILD_INFO switches on the generated build info.
PREFIX ?= /usr/local
RELEASE_DIR := .build-install
RELEASE_BIN := $(RELEASE_DIR)/release/irsa-migrate
BUILD_INFO := Sources/irsa-migrate/CLI/BuildInfo+Generated.swift

build-info: ## write the commit and build date for --version (untracked; only release builds use it)
	@commit=$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown); \
	git diff --quiet HEAD 2>/dev/null || commit="$$commit-dirty"; \
	date=$$(date -u $${SOURCE_DATE_EPOCH:+-d @$$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ); \
	printf '%s\n' '// Generated by `make build-info`: not tracked. See BuildInfo.swift.' \
	  '#if IRSA_MIGRATE_BUILD_INFO' '    enum GeneratedBuildInfo {' \
	  "        static let commit = \"$$commit\"" "        static let date = \"$$date\"" '    }' '#endif' > $(BUILD_INFO).new; \
	cmp -s $(BUILD_INFO).new $(BUILD_INFO) && rm $(BUILD_INFO).new || mv $(BUILD_INFO).new $(BUILD_INFO)

release: sqlite build-info ## release build with the static Swift standard library
	$(SWIFT) build -c release --product irsa-migrate --static-swift-stdlib --scratch-path $(RELEASE_DIR) \
	  -Xswiftc -DIRSA_MIGRATE_BUILD_INFO

COMPLETIONS := share/bash-completion/completions/irsa-migrate share/zsh/site-functions/_irsa-migrate \
  share/fish/vendor_completions.d/irsa-migrate.fish

install: release ## install PREFIX/bin/irsa-migrate, the kubectl plugin kubectl-irsa_migrate and shell completions (PREFIX=/usr/local)
	install -d $(DESTDIR)$(PREFIX)/bin $(addprefix $(DESTDIR)$(PREFIX)/,$(dir $(COMPLETIONS)))
	install -s -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/irsa-migrate
	ln -sf irsa-migrate $(DESTDIR)$(PREFIX)/bin/kubectl-irsa_migrate
	$(RELEASE_BIN) completion bash >$(DESTDIR)$(PREFIX)/share/bash-completion/completions/irsa-migrate
	$(RELEASE_BIN) completion zsh >$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_irsa-migrate
	$(RELEASE_BIN) completion fish >$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/irsa-migrate.fish

uninstall: ## remove what `make install` put in PREFIX
	rm -f $(DESTDIR)$(PREFIX)/bin/irsa-migrate $(DESTDIR)$(PREFIX)/bin/kubectl-irsa_migrate \
	  $(addprefix $(DESTDIR)$(PREFIX)/,$(COMPLETIONS))

install-test: ## install into a temp PREFIX and check it: no Swift runtime linked, runs with env -i, as a kubectl plugin
	@prefix=$$(mktemp -d); trap 'rm -rf "$$prefix"' EXIT; \
	$(MAKE) --no-print-directory install PREFIX=$$prefix && Tests/Install/check-install.sh "$$prefix" "$(CURDIR)" && \
	$(MAKE) --no-print-directory uninstall PREFIX=$$prefix && test -z "$$(find $$prefix -type f -o -type l)" && \
	echo "uninstall: no file left under $$prefix"

PLAYBOOKS ?=

playbooks: build $(VENV)/.installed ## run every runbook in playbooks/ top to bottom against the emulators, checking each step (PLAYBOOKS="eks giant-swarm" for some)
	PYTHONPATH=Tests/Harness $(PYTHON) -u -m harness.playbooks --binary $(BIN) $(PLAYBOOKS)

playbooks-short: build $(VENV)/.installed ## the runbooks inside make test: audit, then kiam -> IRSA (.ci/run runs the others: make playbooks)
	PYTHONPATH=Tests/Harness $(PYTHON) -u -m harness.playbooks --binary $(BIN) kiam

bench: sqlite ## the performance figures (issue 13), one line each: plan 10k/5k and 20k/10k beside Python's json.load, its floors, state file, report, status, issuer-move, audit, apply calls (release build)
	$(SWIFT) build -c release
	python3 Tests/Bench/bench.py --binary .build/release/irsa-migrate --work $(OUT)/bench --repeat $(BENCH_REPEAT) \
	  $(if $(wildcard $(PYTHON)),--apply-python $(PYTHON))

BENCH_REPEAT ?= 2

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
