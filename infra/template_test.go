package infra

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// repoRoot is the module root, seen from this package's directory.
const repoRoot = ".."

const serverlessFunction = "AWS::Serverless::Function"

// TestFunctionsBuildWithMakefile checks that SAM can build every function: CodeUri
// is the module root, the build method is the Makefile, a build-<LogicalId> target
// exists and builds ./functions/<dir> the way STYLE.md says, and that folder exists.
func TestFunctionsBuildWithMakefile(t *testing.T) {
	tpl := loadTemplate(t)
	fns := tpl.resources(serverlessFunction)
	if len(fns) == 0 {
		t.Fatalf("template.yaml has no %s resources", serverlessFunction)
	}
	for _, fn := range fns {
		t.Run(fn.id, func(t *testing.T) {
			if got := scalar(tpl.functionProperty(fn, "CodeUri")); got != "." {
				t.Errorf("CodeUri = %q, want %q (SAM must see the single go.mod at the root)", got, ".")
			}
			if got := scalar(lookup(fn.node, "Metadata", "BuildMethod")); got != "makefile" {
				t.Errorf("Metadata.BuildMethod = %q, want %q", got, "makefile")
			}

			artifacts := t.TempDir()
			cmd := makeBuildCommand(t, fn.id, artifacts)
			for _, want := range []string{
				"GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0",
				"-tags lambda.norpc", "-trimpath", `-ldflags="-s -w"`,
				"-o " + artifacts + "/bootstrap",
			} {
				if !strings.Contains(cmd, want) {
					t.Errorf("make build-%s runs\n\t%s\nwhich lacks %q", fn.id, cmd, want)
				}
			}

			m := buildDirPattern.FindStringSubmatch(cmd)
			if m == nil {
				t.Fatalf("make build-%s runs\n\t%s\nwhich does not end with ./functions/<dir>", fn.id, cmd)
			}
			dir := m[1]
			if got := logicalID(dir); got != fn.id {
				t.Errorf("make build-%s builds ./functions/%s, whose logical id would be %s", fn.id, dir, got)
			}
			main := filepath.Join(repoRoot, "functions", dir, "main.go")
			if _, err := os.Stat(main); err != nil {
				t.Errorf("%s builds ./functions/%s, but %s is missing: %v", fn.id, dir, filepath.ToSlash(main), err)
			}
		})
	}
}

var buildDirPattern = regexp.MustCompile(`\./functions/([A-Za-z0-9_.-]+)/?\s*$`)

// TestNoWildcardIAMActions checks that no IAM statement in the template grants "*"
// or "<service>:*", and that no function takes a broad AWS managed policy.
func TestNoWildcardIAMActions(t *testing.T) {
	tpl := loadTemplate(t)

	actions := collectActions(tpl.root, "")
	if len(actions) == 0 {
		t.Fatal("found no IAM Action in template.yaml: the walk is broken or every policy went missing")
	}
	for _, a := range actions {
		if isWildcardAction(a.value) {
			t.Errorf("%s = %q: name the actions the function needs instead", a.path, a.value)
		}
	}

	for _, fn := range tpl.resources(serverlessFunction) {
		policies := lookup(fn.node, "Properties", "Policies")
		if policies == nil {
			continue
		}
		for i, p := range seqOrSelf(policies) {
			if p.Kind != yaml.ScalarNode {
				continue
			}
			for _, broad := range []string{"FullAccess", "AdministratorAccess", "PowerUserAccess"} {
				if strings.Contains(p.Value, broad) {
					t.Errorf("%s.Properties.Policies[%d] = %q: a broad managed policy; write the statements it needs", fn.id, i, p.Value)
				}
			}
		}
	}
}

// TestWildcardActionFinder checks the finder TestNoWildcardIAMActions relies on.
func TestWildcardActionFinder(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // wildcard findings, as path=value
	}{
		{
			name: "named actions",
			yaml: "Statement:\n  - Action: [dynamodb:GetItem, dynamodb:Query]\n    Resource: '*'\n",
		},
		{
			name: "star",
			yaml: "Statement:\n  - Action: '*'\n",
			want: []string{"Statement[0].Action=*"},
		},
		{
			name: "service star in a list",
			yaml: "Statement:\n  - Action:\n      - s3:GetObject\n      - s3:*\n",
			want: []string{"Statement[0].Action[1]=s3:*"},
		},
		{
			name: "not action",
			yaml: "Statement:\n  - NotAction: iam:*\n",
			want: []string{"Statement[0].NotAction=iam:*"},
		},
		{
			name: "inside an intrinsic",
			yaml: "Statement:\n  - Action: !If [Cond, 'sqs:*', sqs:SendMessage]\n",
			want: []string{"Statement[0].Action[1]=sqs:*"},
		},
		{
			name: "wildcard resource is not an action",
			yaml: "Statement:\n  - Action: xray:PutTraceSegments\n    Resource: '*'\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.yaml), &doc); err != nil {
				t.Fatalf("parse %q: %v", tt.yaml, err)
			}
			var got []string
			for _, a := range collectActions(doc.Content[0], "") {
				if isWildcardAction(a.value) {
					got = append(got, a.path+"="+a.value)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("wildcards = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFunctionRuntime checks the runtime settings every function ends up with,
// whether they come from Globals.Function or the function itself.
func TestFunctionRuntime(t *testing.T) {
	tpl := loadTemplate(t)
	tests := []struct {
		property []string
		want     string
	}{
		{[]string{"Runtime"}, "provided.al2023"},
		{[]string{"Architectures"}, "[arm64]"},
		{[]string{"Handler"}, "bootstrap"},
		{[]string{"Tracing"}, "Active"},
		{[]string{"LoggingConfig", "LogFormat"}, "JSON"},
	}
	for _, fn := range tpl.resources(serverlessFunction) {
		for _, tt := range tests {
			name := strings.Join(tt.property, ".")
			t.Run(fn.id+"/"+name, func(t *testing.T) {
				if got := flat(tpl.functionProperty(fn, tt.property...)); got != tt.want {
					t.Errorf("%s %s = %q, want %q", fn.id, name, got, tt.want)
				}
			})
		}
	}
}

// TestCfnLint runs cfn-lint on template.yaml: it must pass with no output at all.
func TestCfnLint(t *testing.T) {
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		t.Fatalf("cfn-lint is not installed (%v): install it with pip install 'cfn-lint==1.51.0', or run make tools", err)
	}
	cmd := exec.CommandContext(t.Context(), "cfn-lint", "template.yaml")
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("cfn-lint template.yaml: %v\n%s", err, out)
	}
}

// TestEveryFunctionFolderIsDeployed checks that no Lambda under functions/ is
// missing from template.yaml.
func TestEveryFunctionFolderIsDeployed(t *testing.T) {
	tpl := loadTemplate(t)
	entries, err := os.ReadDir(filepath.Join(repoRoot, "functions"))
	if err != nil {
		t.Fatalf("read functions/: %v", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			id := logicalID(e.Name())
			fn, ok := tpl.resource(id)
			switch {
			case !ok:
				t.Errorf("functions/%s has no resource %s (%s) in template.yaml", e.Name(), id, serverlessFunction)
			case fn.typ != serverlessFunction:
				t.Errorf("functions/%s: resource %s is a %s, want %s", e.Name(), id, fn.typ, serverlessFunction)
			}
		})
	}
}

// TestLogGroupPerFunction checks that each function has a log group with a
// retention, so logs do not pile up forever.
func TestLogGroupPerFunction(t *testing.T) {
	tpl := loadTemplate(t)
	groups := map[string]resource{} // by log group name expression
	for _, lg := range tpl.resources("AWS::Logs::LogGroup") {
		groups[scalar(lookup(lg.node, "Properties", "LogGroupName"))] = lg
	}
	for _, fn := range tpl.resources(serverlessFunction) {
		t.Run(fn.id, func(t *testing.T) {
			name := "/aws/lambda/${" + fn.id + "}"
			lg, ok := groups[name]
			if !ok {
				t.Fatalf("no AWS::Logs::LogGroup with LogGroupName !Sub %s", name)
			}
			if lookup(lg.node, "Properties", "RetentionInDays") == nil {
				t.Errorf("%s has no RetentionInDays", lg.id)
			}
		})
	}
}

// TestWebhooksFunctionContract checks what functions/webhooks relies on: its
// route and the environment variables it reads.
func TestWebhooksFunctionContract(t *testing.T) {
	tpl := loadTemplate(t)
	fn, ok := tpl.resource("WebhooksFunction")
	if !ok {
		t.Fatal("template.yaml has no WebhooksFunction")
	}
	env := tpl.environment(fn)
	for _, name := range []string{"TABLE_NAME", "SHOPIFY_SECRET_ARN", "LOG_LEVEL"} {
		if _, ok := env[name]; !ok {
			t.Errorf("WebhooksFunction environment lacks %s (has %v)", name, slices.Sorted(maps.Keys(env)))
		}
	}
	if got, want := env["TABLE_NAME"], "!Ref Table"; got != want {
		t.Errorf("TABLE_NAME = %q, want %q", got, want)
	}

	var routes []string
	for _, ev := range mappingValues(lookup(fn.node, "Properties", "Events")) {
		if scalar(lookup(ev, "Type")) == "HttpApi" {
			routes = append(routes, scalar(lookup(ev, "Properties", "Method"))+" "+scalar(lookup(ev, "Properties", "Path")))
		}
	}
	if !slices.Contains(routes, "POST /webhooks/shopify") {
		t.Errorf("WebhooksFunction HttpApi routes = %q, want POST /webhooks/shopify", routes)
	}
}

// TestTableShape checks the keys, indexes and settings pkg/store relies on.
func TestTableShape(t *testing.T) {
	tpl := loadTemplate(t)
	table, ok := tpl.resource("Table")
	if !ok {
		t.Fatal("template.yaml has no Table")
	}
	props := lookup(table.node, "Properties")
	keys := func(n *yaml.Node) string {
		var parts []string
		for _, k := range seqOrSelf(n) {
			parts = append(parts, scalar(lookup(k, "AttributeName"))+":"+scalar(lookup(k, "KeyType")))
		}
		return strings.Join(parts, ",")
	}
	gsis := map[string]string{}
	for _, g := range seqOrSelf(lookup(props, "GlobalSecondaryIndexes")) {
		gsis[scalar(lookup(g, "IndexName"))] = keys(lookup(g, "KeySchema")) + " " + scalar(lookup(g, "Projection", "ProjectionType"))
	}
	tests := []struct{ what, got, want string }{
		{"KeySchema", keys(lookup(props, "KeySchema")), "pk:HASH,sk:RANGE"},
		{"BillingMode", scalar(lookup(props, "BillingMode")), "PAY_PER_REQUEST"},
		{"gsi1", gsis["gsi1"], "gsi1pk:HASH,gsi1sk:RANGE ALL"},
		{"gsi2", gsis["gsi2"], "gsi2pk:HASH,gsi2sk:RANGE ALL"},
		{"gsi3", gsis["gsi3"], "gsi3pk:HASH,gsi3sk:RANGE ALL"},
		{"TTL attribute", scalar(lookup(props, "TimeToLiveSpecification", "AttributeName")), "expires_at"},
		{"TTL enabled", scalar(lookup(props, "TimeToLiveSpecification", "Enabled")), "true"},
		{"point-in-time recovery", scalar(lookup(props, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")), "true"},
		{"SSE", scalar(lookup(props, "SSESpecification", "SSEEnabled")), "true"},
		{"DeletionPolicy", scalar(lookup(table.node, "DeletionPolicy")), "Retain"},
		{"UpdateReplacePolicy", scalar(lookup(table.node, "UpdateReplacePolicy")), "Retain"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("Table %s = %q, want %q", tt.what, tt.got, tt.want)
		}
	}
	for _, a := range seqOrSelf(lookup(props, "AttributeDefinitions")) {
		if got := scalar(lookup(a, "AttributeType")); got != "S" {
			t.Errorf("Table attribute %s has type %q, want S", scalar(lookup(a, "AttributeName")), got)
		}
	}
}

// TestLogicalIDMatchesMakefile checks that this file and the Makefile derive the
// same logical id from a folder name.
func TestLogicalIDMatchesMakefile(t *testing.T) {
	tests := []struct{ dir, want string }{
		{"webhooks", "WebhooksFunction"},
		{"chat", "ChatFunction"},
		{"email-inbound", "EmailInboundFunction"},
		{"delivery-check", "DeliveryCheckFunction"},
		{"outreach-step2", "OutreachStep2Function"},
	}
	var dirs []string
	for _, tt := range tests {
		dirs = append(dirs, tt.dir)
		if got := logicalID(tt.dir); got != tt.want {
			t.Errorf("logicalID(%q) = %q, want %q", tt.dir, got, tt.want)
		}
	}
	out := runMake(t, "list-functions", "FUNCTIONS="+strings.Join(dirs, " "))
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		got = append(got, strings.Fields(line)...)
	}
	var want []string
	for _, tt := range tests {
		want = append(want, tt.dir, tt.want)
	}
	if !slices.Equal(got, want) {
		t.Errorf("make list-functions = %q, want %q", got, want)
	}
}

// --- template access -------------------------------------------------------

type cfnTemplate struct {
	root *yaml.Node // the top-level mapping
}

type resource struct {
	id, typ string
	node    *yaml.Node // the resource's mapping (Type, Properties, Metadata, ...)
}

// loadTemplate parses template.yaml into a node tree, so CloudFormation's short
// tags (!Ref, !Sub, !GetAtt) stay as tags instead of breaking decoding.
func loadTemplate(t *testing.T) *cfnTemplate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "template.yaml"))
	if err != nil {
		t.Fatalf("read template: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse template.yaml: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatal("parse template.yaml: top level is not a mapping")
	}
	return &cfnTemplate{root: doc.Content[0]}
}

// resources returns the resources of one type, in template order.
func (c *cfnTemplate) resources(typ string) []resource {
	var out []resource
	res := lookup(c.root, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(res.Content); i += 2 {
		r := resource{id: res.Content[i].Value, typ: scalar(lookup(res.Content[i+1], "Type")), node: res.Content[i+1]}
		if r.typ == typ {
			out = append(out, r)
		}
	}
	return out
}

func (c *cfnTemplate) resource(id string) (resource, bool) {
	n := lookup(c.root, "Resources", id)
	if n == nil {
		return resource{}, false
	}
	return resource{id: id, typ: scalar(lookup(n, "Type")), node: n}, true
}

// functionProperty returns a function property as SAM resolves it: the
// function's own value, else the one in Globals.Function.
func (c *cfnTemplate) functionProperty(fn resource, path ...string) *yaml.Node {
	if n := lookup(fn.node, append([]string{"Properties"}, path...)...); n != nil {
		return n
	}
	return lookup(c.root, append([]string{"Globals", "Function"}, path...)...)
}

// environment returns a function's variables (Globals merged under its own),
// each value flattened with its tag, e.g. "!Ref Table".
func (c *cfnTemplate) environment(fn resource) map[string]string {
	env := map[string]string{}
	for _, vars := range []*yaml.Node{
		lookup(c.root, "Globals", "Function", "Environment", "Variables"),
		lookup(fn.node, "Properties", "Environment", "Variables"),
	} {
		if vars == nil || vars.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(vars.Content); i += 2 {
			env[vars.Content[i].Value] = flat(vars.Content[i+1])
		}
	}
	return env
}

// --- yaml.Node helpers -----------------------------------------------------

// lookup follows mapping keys from n; nil when any is missing.
func lookup(n *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// scalar is a scalar node's value, "" otherwise.
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// flat renders a small node on one line: scalars as their value (prefixed by a
// custom tag such as !Ref), sequences as [a, b].
func flat(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	prefix := ""
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		prefix = n.Tag + " "
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return prefix + n.Value
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			parts = append(parts, flat(c))
		}
		return prefix + "[" + strings.Join(parts, ", ") + "]"
	default:
		return prefix + fmt.Sprintf("<%v>", n.Kind)
	}
}

func seqOrSelf(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	default:
		return []*yaml.Node{n}
	}
}

func mappingValues(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []*yaml.Node
	for i := 1; i < len(n.Content); i += 2 {
		out = append(out, n.Content[i])
	}
	return out
}

// --- IAM actions -------------------------------------------------------------

type action struct{ path, value string }

// collectActions finds every scalar under an Action or NotAction key, anywhere
// below n, including inside intrinsics such as !If.
func collectActions(n *yaml.Node, path string) []action {
	var out []action
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i].Value, n.Content[i+1]
			p := joinPath(path, key)
			if key == "Action" || key == "NotAction" {
				out = append(out, scalarsBelow(val, p)...)
				continue
			}
			out = append(out, collectActions(val, p)...)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			out = append(out, collectActions(c, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

func scalarsBelow(n *yaml.Node, path string) []action {
	switch n.Kind {
	case yaml.ScalarNode:
		return []action{{path, n.Value}}
	case yaml.SequenceNode:
		var out []action
		for i, c := range n.Content {
			out = append(out, scalarsBelow(c, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case yaml.MappingNode:
		var out []action
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, scalarsBelow(n.Content[i+1], joinPath(path, n.Content[i].Value))...)
		}
		return out
	}
	return nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isWildcardAction(a string) bool {
	a = strings.TrimSpace(a)
	return a == "*" || strings.HasSuffix(a, ":*")
}

// --- Makefile ------------------------------------------------------------------

// logicalID maps a folder under functions/ to its SAM logical id, as the
// Makefile does: email-inbound -> EmailInboundFunction.
func logicalID(dir string) string {
	var b strings.Builder
	for _, word := range strings.Split(dir, "-") {
		if word == "" {
			continue
		}
		b.WriteString(strings.ToUpper(word[:1]) + word[1:])
	}
	return b.String() + "Function"
}

// makeBuildCommand returns the command `make build-<id>` would run, from make -n.
func makeBuildCommand(t *testing.T, id, artifacts string) string {
	t.Helper()
	out := runMake(t, "-n", "build-"+id, "ARTIFACTS_DIR="+artifacts)
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, " build ") {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("make -n build-%s shows no go build command:\n%s", id, out)
	return ""
}

// runMake runs make in the repository root, without any make settings this
// test may have inherited from an outer make.
func runMake(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "make", append([]string{"--no-print-directory", "-C", repoRoot}, args...)...)
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return name == "MAKEFLAGS" || name == "MFLAGS" || name == "MAKELEVEL" || name == "FUNCTIONS"
	})
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("make %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// TestEmailRepliesCarryRatingLinks: pkg/app puts rating links under email
// replies when the function has a link base (PUBLIC_BASE_URL) and the
// link-signing key (pkg/awsstack's TestEmailRepliesCarryRatingLinks loads
// it so). The email function's template gives it both, its code loads the
// key, and the base is the HTTP API, whose GET /csat goes to a function
// that verifies with the same secret.
func TestEmailRepliesCarryRatingLinks(t *testing.T) {
	tpl := loadTemplate(t)
	email, ok := tpl.resource("EmailInboundFunction")
	if !ok {
		t.Fatal("template.yaml has no EmailInboundFunction")
	}
	env := tpl.environment(email)
	if got, want := env["PUBLIC_BASE_URL"], "!Sub https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com"; got != want {
		t.Errorf("EmailInboundFunction PUBLIC_BASE_URL = %q, want %q (the API that serves /csat)", got, want)
	}
	key := env["LINK_SIGNING_SECRET_ARN"]
	if !strings.HasPrefix(key, "!Ref ") {
		t.Errorf("EmailInboundFunction LINK_SIGNING_SECRET_ARN = %q, want !Ref <the link-signing secret>", key)
	}
	src, err := os.ReadFile(filepath.Join(repoRoot, "functions", "email-inbound", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "secrets.LinkSigningKey") {
		t.Error("functions/email-inbound/main.go does not load secrets.LinkSigningKey: no rating links")
	}
	var servers []string
	for _, fn := range tpl.resources(serverlessFunction) {
		for _, ev := range mappingValues(lookup(fn.node, "Properties", "Events")) {
			p := lookup(ev, "Properties")
			if scalar(lookup(ev, "Type")) == "HttpApi" && flat(lookup(p, "ApiId")) == "!Ref HttpApi" &&
				scalar(lookup(p, "Method")) == "GET" && scalar(lookup(p, "Path")) == "/csat" {
				servers = append(servers, fn.id)
				if got := tpl.environment(fn)["LINK_SIGNING_SECRET_ARN"]; got != key {
					t.Errorf("%s serves GET /csat verifying with %q; the email function signs with %q", fn.id, got, key)
				}
			}
		}
	}
	if len(servers) != 1 {
		t.Errorf("functions serving GET /csat on the HTTP API: %v, want one", servers)
	}
}

// TestOnlyTheEventsFunctionScansTheTable: a scan of the table (shop/redact's
// erase) runs off any request, in the events function, under the stream's
// retries; the webhook only records the request. No other role may scan.
func TestOnlyTheEventsFunctionScansTheTable(t *testing.T) {
	tpl := loadTemplate(t)
	var scanners []string
	for _, fn := range tpl.resources(serverlessFunction) {
		for _, a := range collectActions(fn.node, fn.id) {
			if a.value == "dynamodb:Scan" {
				scanners = append(scanners, fn.id)
			}
		}
	}
	if !slices.Equal(scanners, []string{"EventsFunction"}) {
		t.Errorf("functions whose role may scan the table: %v, want [EventsFunction]", scanners)
	}
}
