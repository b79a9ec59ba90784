# doorstep: build, test and deploy.
#
# SAM builds each Lambda by calling `make build-<LogicalId>` with ARTIFACTS_DIR set
# (template.yaml: CodeUri: . and Metadata.BuildMethod: makefile). The targets are
# generated from FUNCTIONS: a folder name under functions/ maps to the logical id
# <CamelName>Function (webhooks -> WebhooksFunction, email-inbound ->
# EmailInboundFunction, delivery-check -> DeliveryCheckFunction).

GO       ?= go
PIP      ?= python3 -m pip
FUZZTIME ?= 30s

# Folder names under functions/, one Lambda each. Add a new one here.
FUNCTIONS := webhooks chat email-inbound outreach escalation console delivery-check tracking-webhooks trackpage

MOTO_VERSION     := 5.2.1
CFN_LINT_VERSION := 1.51.0
# Bytes a bootstrap may weigh: 15 MB (DESIGN.md, budgets).
BOOTSTRAP_BUDGET := 15728640

# --- folder name -> SAM logical id ------------------------------------------
empty :=
space := $(empty) $(empty)
case_pairs := a:A b:B c:C d:D e:E f:F g:G h:H i:I j:J k:K l:L m:M n:N o:O p:P q:Q r:R s:S t:T u:U v:V w:W x:X y:Y z:Z
# capitalize one word: webhooks -> Webhooks
capitalize = $(or $(strip $(foreach p,$(case_pairs),$(if $(filter $(word 1,$(subst :, ,$(p)))%,$(1)),$(word 2,$(subst :, ,$(p)))$(patsubst $(word 1,$(subst :, ,$(p)))%,%,$(1))))),$(1))
# email-inbound -> EmailInboundFunction
logical_id = $(subst $(space),,$(foreach w,$(subst -, ,$(1)),$(call capitalize,$(w))))Function

LOGICAL_IDS := $(foreach f,$(FUNCTIONS),$(call logical_id,$(f)))

# build-<LogicalId>: one Lambda's bootstrap into $(ARTIFACTS_DIR) (set by SAM).
define lambda_build_rule
.PHONY: build-$(call logical_id,$(1))
build-$(call logical_id,$(1)):
	$$(if $$(ARTIFACTS_DIR),,$$(error ARTIFACTS_DIR is not set: run `make build`, or `make build-$(call logical_id,$(1)) ARTIFACTS_DIR=<dir>`))
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $$(GO) build -tags lambda.norpc -trimpath -ldflags="-s -w" -o $$(ARTIFACTS_DIR)/bootstrap ./functions/$(1)
endef
$(foreach f,$(FUNCTIONS),$(eval $(call lambda_build_rule,$(f))))

.PHONY: all build tools test dev bench eval fuzz deploy clean list-functions

all: build

# Every function's bootstrap into build/<LogicalId>/bootstrap, then their sizes.
build:
	@set -e; for id in $(LOGICAL_IDS); do \
		$(MAKE) --no-print-directory build-$$id ARTIFACTS_DIR=$(CURDIR)/build/$$id; \
	done
	@echo "bootstrap sizes (budget $(BOOTSTRAP_BUDGET) bytes each):"
	@for id in $(LOGICAL_IDS); do \
		size=$$(wc -c < build/$$id/bootstrap); \
		note=""; if [ $$size -gt $(BOOTSTRAP_BUDGET) ]; then note="  OVER BUDGET"; fi; \
		printf '  %-28s %10d bytes  %6.2f MB%s\n' $$id $$size $$(awk "BEGIN{print $$size/1048576}") "$$note"; \
	done

# Prints "<folder> <LogicalId>" per function (for scripts and tests).
list-functions:
	@$(foreach f,$(FUNCTIONS),echo "$(f) $(call logical_id,$(f))";)

# moto_server and cfn-lint, installed with pip when absent.
tools:
	@if ! command -v moto_server >/dev/null 2>&1; then \
		echo "moto_server not found: installing it with pip install 'moto[server]==$(MOTO_VERSION)'"; \
		$(PIP) install 'moto[server]==$(MOTO_VERSION)' || true; \
		command -v moto_server >/dev/null 2>&1 || { \
			echo "error: moto_server is missing and could not be installed; run: pip install 'moto[server]==$(MOTO_VERSION)' (and put its bin directory on PATH)" >&2; exit 1; }; \
	fi
	@if ! command -v cfn-lint >/dev/null 2>&1; then \
		echo "cfn-lint not found: installing it with pip install 'cfn-lint==$(CFN_LINT_VERSION)'"; \
		$(PIP) install 'cfn-lint==$(CFN_LINT_VERSION)' || true; \
		command -v cfn-lint >/dev/null 2>&1 || { \
			echo "error: cfn-lint is missing and could not be installed; run: pip install 'cfn-lint==$(CFN_LINT_VERSION)' (and put its bin directory on PATH)" >&2; exit 1; }; \
	fi
	@echo "tools: moto_server and cfn-lint found"

# asl-validator (pinned in package.json) checks infra/statemachines/*.asl.json
# in go test ./infra/...; installed from package-lock.json when missing or stale.
node_modules/.bin/asl-validator: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "error: npm is missing: install Node.js 20 (it brings npm), then run make test again" >&2; exit 1; }
	@echo "node_modules missing or older than package-lock.json: running npm ci"
	npm ci --no-audit --no-fund
	@touch $@

# The one command: formatting, vet, every test (moto integration, template checks), lint.
test: tools node_modules/.bin/asl-validator
	@echo "==> gofmt"
	@unformatted=$$(find . -path './.*' -prune -o -path ./build -prune -o -type f -name '*.go' -print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$unformatted" ]; then \
		echo "error: these files need gofmt -w:" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	@echo "==> go vet"
	$(GO) vet ./...
	@echo "==> go test"
	$(GO) test -count=1 -timeout 15m ./...
	@echo "==> cfn-lint"
	cfn-lint template.yaml

# Local runner: every function in one process on embedded defaults.
dev:
	$(GO) run ./cmd/doorstep

# One table of every figure DESIGN.md §7 budgets, measured in this run.
bench: build
	$(GO) run ./cmd/doorstep bench -build build

# The scenario suite (tau-bench retail data as Shopify orders) on the configured model.
eval:
	$(GO) run ./cmd/doorstep eval -model offline -k 3
	$(GO) run ./cmd/doorstep eval -model nothing

# Runs each Fuzz* target for FUZZTIME (go test -fuzz takes one package and one target).
fuzz:
	@found=0; \
	for file in $$(find . -path './.*' -prune -o -path ./build -prune -o -type f -name '*_test.go' -print | sort); do \
		for name in $$(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(.*/\1/p' $$file); do \
			found=1; dir=$$(dirname $$file); \
			echo "==> $$dir $$name ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$dir || exit 1; \
		done; \
	done; \
	if [ $$found = 0 ]; then echo "no Fuzz targets found"; fi

deploy:
	@command -v sam >/dev/null 2>&1 || { \
		echo "error: deploy needs the AWS SAM CLI (sam), which is not installed: see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html" >&2; exit 1; }
	sam build
	sam deploy

clean:
	rm -rf build .aws-sam
