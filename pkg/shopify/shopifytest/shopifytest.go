// Package shopifytest checks GraphQL requests against Shopify's official
// Admin API schema, for fake Admin servers in tests.
//
// Wrap a fake's handler with Handler: every request it receives is
// validated (document, variables, no deprecated fields; see validate.mjs),
// an invalid one fails the test and is answered with GraphQL errors, as
// Shopify would. A new query or mutation is validated by the first test
// that sends it through a wrapped fake; Unvalidated lists the documents a
// package declares that no test sent.
//
// The schemas come from the npm package @shopify/dev-mcp (the Makefile's
// shopify-schemas target unpacks them into node_modules); graphql-js comes
// from package-lock.json. One node process per test binary validates every
// request.
package shopifytest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// SchemaDir is where the Makefile unpacks the schemas, from the repository
// root.
const SchemaDir = "node_modules/.shopify-admin-schemas"

// Request is a GraphQL request as clients post it.
type Request struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables,omitempty"`
	OperationName string         `json:"operationName,omitempty"`
}

// Name is the name of the request's first operation ("" when it has none).
func (r Request) Name() string { return OperationName(r.Query) }

var opNameRE = regexp.MustCompile(`(?m)^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)`)

// OperationName is the name of the first named operation in a document.
func OperationName(doc string) string {
	if m := opNameRE.FindStringSubmatch(doc); m != nil {
		return m[1]
	}
	return ""
}

// Handler validates every request against the Admin schema of version
// before passing it to next. An invalid request fails t and gets Shopify's
// answer to one: HTTP 200 with "errors".
func Handler(t testing.TB, version string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("shopifytest: read request: %v", err)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var req Request
		if err := json.Unmarshal(body, &req); err != nil {
			t.Errorf("shopifytest: decode request: %v", err)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if problems := Check(t, version, req); len(problems) > 0 {
			w.Header().Set("Content-Type", "application/json")
			errs := make([]map[string]string, len(problems))
			for i, p := range problems {
				errs[i] = map[string]string{"message": p}
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": errs})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// Check validates req against the Admin schema of version and fails t with
// each problem found, which it returns.
func Check(t testing.TB, version string, req Request) []string {
	t.Helper()
	problems, err := Validate(version, req)
	if err != nil {
		t.Fatalf("shopifytest: %v", err)
	}
	for _, p := range problems {
		t.Errorf("%s is not valid in Admin API %s: %s", nameOr(req), version, p)
	}
	return problems
}

func nameOr(req Request) string {
	if n := req.Name(); n != "" {
		return n
	}
	return "an unnamed operation"
}

// Validate validates req against the Admin schema of version: the problems
// found, or an error when the validator cannot run.
func Validate(version string, req Request) ([]string, error) {
	v, err := validatorFor(version)
	if err != nil {
		return nil, err
	}
	problems, err := v.check(req)
	if err != nil {
		return nil, err
	}
	if len(problems) == 0 {
		record(req.Name())
	}
	return problems, nil
}

// --- the node process ---

type validator struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	log *bytes.Buffer
}

var (
	validatorsMu sync.Mutex
	validators   = map[string]*validator{}
	startErrs    = map[string]error{}
)

func validatorFor(version string) (*validator, error) {
	validatorsMu.Lock()
	defer validatorsMu.Unlock()
	if v, ok := validators[version]; ok {
		return v, nil
	}
	if err, ok := startErrs[version]; ok {
		return nil, err
	}
	v, err := start(version)
	if err != nil {
		startErrs[version] = err
		return nil, err
	}
	validators[version] = v
	return v, nil
}

func start(version string) (*validator, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("node is not installed: Shopify GraphQL operations are validated with graphql-js; install Node.js 20 and run make test (or make shopify-schemas)")
	}
	schema := filepath.Join(root, SchemaDir, "admin_"+version+".json.gz")
	if _, err := os.Stat(schema); err != nil {
		return nil, fmt.Errorf("the Admin API %s schema is missing (%s): run make shopify-schemas (make test does it), which unpacks it from the pinned @shopify/dev-mcp", version, filepath.ToSlash(schema))
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "graphql", "package.json")); err != nil {
		return nil, errors.New("graphql is not installed in node_modules: run npm ci at the repository root (make test does this)")
	}
	cmd := exec.Command(node, filepath.Join(root, "pkg", "shopify", "shopifytest", "validate.mjs"), schema)
	cmd.Dir = root
	v := &validator{cmd: cmd, log: &bytes.Buffer{}}
	cmd.Stderr = v.log
	if v.in, err = cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("start validator: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start validator: %w", err)
	}
	v.out = bufio.NewReaderSize(stdout, 1<<16)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start validator: %w", err)
	}
	// The process ends when the test binary does (its stdin closes).
	return v, nil
}

func (v *validator) check(req Request) ([]string, error) {
	line, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.in.Write(append(line, '\n')); err != nil {
		return nil, fmt.Errorf("validator: %w: %s", err, v.log.String())
	}
	answer, err := v.out.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("validator stopped: %w: %s", err, v.log.String())
	}
	var res struct {
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal(answer, &res); err != nil {
		return nil, fmt.Errorf("validator answer %q: %w", answer, err)
	}
	return res.Errors, nil
}

// --- which documents were validated ---

var (
	seenMu sync.Mutex
	seen   = map[string]bool{}
)

func record(name string) {
	if name == "" {
		return
	}
	seenMu.Lock()
	seen[name] = true
	seenMu.Unlock()
}

// Validated reports whether a request of the named operation passed
// validation in this test binary.
func Validated(name string) bool {
	seenMu.Lock()
	defer seenMu.Unlock()
	return seen[name]
}

var graphqlRE = regexp.MustCompile(`^(?:query|mutation)\b[^{}]*\{`)

// Documents are the GraphQL operations declared in the non-test Go files of
// dir: every string constant or variable whose text starts with "query" or
// "mutation", by operation name.
func Documents(dir string) (map[string]string, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	docs := map[string]string{}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		var bad error
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			trimmed := strings.TrimSpace(s)
			if !graphqlRE.MatchString(trimmed) {
				return true
			}
			name := OperationName(trimmed)
			if name == "" {
				bad = fmt.Errorf("%s: a GraphQL operation without a name: name it Doorstep<Something>", fset.Position(lit.Pos()))
				return false
			}
			if _, dup := docs[name]; dup {
				bad = fmt.Errorf("%s: operation %s is declared twice", fset.Position(lit.Pos()), name)
				return false
			}
			docs[name] = s
			return true
		})
		if bad != nil {
			return nil, bad
		}
	}
	return docs, nil
}

// Unvalidated are the operations declared in dir (see Documents) that no
// request in this test binary validated.
func Unvalidated(dir string) ([]string, error) {
	docs, err := Documents(dir)
	if err != nil {
		return nil, err
	}
	var missing []string
	for name := range docs {
		if !Validated(name) {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	return missing, nil
}

// RepoRoot is the directory holding go.mod, at or above the working
// directory (go test runs a package's tests in its directory).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find the repository root: no go.mod above the working directory")
		}
		dir = parent
	}
}
