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
FUNCTIONS := webhooks chat email-inbound outreach escalation promise console delivery-check tracking-webhooks trackpage events sms-inbound

MOTO_VERSION     := 5.2.1
CFN_LINT_VERSION := 1.51.0
# Bytes a Lambda's zipped artifact may weigh: 10 MB (DESIGN.md §7).
ZIP_BUDGET := 10485760

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

.PHONY: all build tools test test-stack dev bench eval fuzz deploy clean list-functions

all: build

# Every function's bootstrap into build/<LogicalId>/bootstrap, then each zipped
# as SAM packages it (Python's zipfile, deflate: build/<LogicalId>.zip) and the
# zipped sizes against the budget.
build:
	@set -e; for id in $(LOGICAL_IDS); do \
		$(MAKE) --no-print-directory build-$$id ARTIFACTS_DIR=$(CURDIR)/build/$$id; \
		rm -f build/$$id.zip; \
		python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED); z.write(sys.argv[2], "bootstrap"); z.close()' build/$$id.zip build/$$id/bootstrap; \
	done
	@echo "Lambda artifacts, zipped (budget $(ZIP_BUDGET) bytes each, DESIGN.md §7):"
	@for id in $(LOGICAL_IDS); do \
		zipped=$$(wc -c < build/$$id.zip); raw=$$(wc -c < build/$$id/bootstrap); \
		note=""; if [ $$zipped -gt $(ZIP_BUDGET) ]; then note="  OVER BUDGET"; fi; \
		printf '  %-28s %6.2f MB zipped (%9d bytes; bootstrap %6.2f MB)%s\n' $$id $$(awk "BEGIN{print $$zipped/1048576}") $$zipped $$(awk "BEGIN{print $$raw/1048576}") "$$note"; \
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

# Shopify's official Admin GraphQL schemas (gzipped introspection, one per API
# version) ship in the npm package @shopify/dev-mcp. Only its tarball is
# fetched (npm pack), checked against the pinned integrity, and its
# dist/data/admin_*.json.gz unpacked: installing it would bring ~230 packages
# (365 MB) that the check does not use. pkg/shopify/shopifytest validates
# every operation the tests send against admin_<version>.json.gz here.
SHOPIFY_DEV_MCP           := 1.16.0
SHOPIFY_DEV_MCP_INTEGRITY := sha512-tqgRnK7sQhjew+htxtleTH23nXB5fZcsrhWgEkomsorGXvLOB2mh2upwZm8uzuTDNTZnqtLMe64yIwh6s2awtw==
SHOPIFY_SCHEMAS           := node_modules/.shopify-admin-schemas

$(SHOPIFY_SCHEMAS)/dev-mcp-$(SHOPIFY_DEV_MCP): node_modules/.bin/asl-validator
	@echo "fetching Shopify's Admin GraphQL schemas (@shopify/dev-mcp@$(SHOPIFY_DEV_MCP), tarball only)"
	@rm -rf $(SHOPIFY_SCHEMAS) && mkdir -p $(SHOPIFY_SCHEMAS)/.pack
	@cd $(SHOPIFY_SCHEMAS)/.pack && npm pack --silent --no-audit --no-fund @shopify/dev-mcp@$(SHOPIFY_DEV_MCP) >/dev/null
	@node -e 'const f=process.argv[1],want=process.argv[2],c=require("crypto"),got="sha512-"+c.createHash("sha512").update(require("fs").readFileSync(f)).digest("base64");if(got!==want){console.error("error: "+f+" has integrity "+got+", want "+want);process.exit(1)}' \
		$(SHOPIFY_SCHEMAS)/.pack/shopify-dev-mcp-$(SHOPIFY_DEV_MCP).tgz '$(SHOPIFY_DEV_MCP_INTEGRITY)'
	@tar -xzf $(SHOPIFY_SCHEMAS)/.pack/shopify-dev-mcp-$(SHOPIFY_DEV_MCP).tgz -C $(SHOPIFY_SCHEMAS) --strip-components=3 --wildcards 'package/dist/data/admin_*.json.gz'
	@rm -rf $(SHOPIFY_SCHEMAS)/.pack
	@touch $@
	@echo "schemas: $$(cd $(SHOPIFY_SCHEMAS) && ls admin_*.json.gz | tr '\n' ' ')"

.PHONY: shopify-schemas
shopify-schemas: $(SHOPIFY_SCHEMAS)/dev-mcp-$(SHOPIFY_DEV_MCP)

# The one command: formatting, vet, every test (moto integration, template checks), lint.
test: tools node_modules/.bin/asl-validator shopify-schemas
	@echo "==> gofmt"
	@unformatted=$$(find . -path './.*' -prune -o -path ./build -prune -o -type f -name '*.go' -print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$unformatted" ]; then \
		echo "error: these files need gofmt -w:" >&2; echo "$$unformatted" >&2; exit 1; \
	fi
	@echo "==> go vet"
	$(GO) vet ./...
	@echo "==> go test"
	$(GO) test -count=1 -timeout 30m $$($(GO) list ./... | grep -v '/infra/stack$$')
	@echo "==> cfn-lint"
	cfn-lint template.yaml
	@$(MAKE) --no-print-directory test-stack

# The stack test (infra/stack): template.yaml through the SAM translator, its
# resources and roles on moto with IAM enforcement, each function's binary
# under a local Lambda runtime API with its template environment and its own
# role's keys, driven through the routes, queues, streams, schedules and mail
# the template declares. One line per flow; the permissions each role used
# and did not use.
test-stack: tools
	@command -v python3 >/dev/null 2>&1 && python3 -c 'import samtranslator' 2>/dev/null || { \
		echo "error: the stack test needs the SAM translator (python3 -c 'import samtranslator'), which comes with cfn-lint: run make tools, or pip install 'cfn-lint==$(CFN_LINT_VERSION)'" >&2; exit 1; }
	@echo "==> stack test (infra/stack)"
	@out=$$(mktemp); status=0; \
	$(GO) test -count=1 -timeout 30m -v ./infra/stack/ > $$out 2>&1 || status=$$?; \
	grep -E '^(stack[ :]|--- |ok |FAIL|PASS$$|panic)|^\s+--- FAIL|stack_test.go' $$out; \
	if [ $$status -ne 0 ]; then echo "stack test failed: full output in $$out" >&2; else rm -f $$out; fi; \
	exit $$status

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
