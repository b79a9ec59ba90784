package shopify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

// opsFake is an Admin GraphQL server for the resolution mutations: it
// names each call by its root field ("orderCancel", "giftCardCreate"),
// keeps its variables, and answers from bodies (HTTP 200) by that name.
// newOpsFake serves it behind shopifytest.Handler, so each operation is
// validated, with the variables sent, against the pinned Admin schema.
type opsFake struct {
	t      *testing.T
	bodies map[string]string

	mu    sync.Mutex
	calls []opCall
}

type opCall struct {
	Field string
	Vars  map[string]any
}

// rootFieldRe finds the first field selected by an operation.
var rootFieldRe = regexp.MustCompile(`(?s)^\s*(?:query|mutation)\b[^{]*\{\s*(\w+)`)

func (f *opsFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if got := r.Header.Get(HeaderAccessToken); got != testToken {
		f.t.Errorf("access token %q", got)
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		f.t.Errorf("decode request: %v", err)
		http.Error(w, "bad", http.StatusBadRequest)
		return
	}
	m := rootFieldRe.FindStringSubmatch(req.Query)
	if m == nil {
		f.t.Errorf("no root field in %s", req.Query)
		http.Error(w, "bad", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, opCall{m[1], req.Variables})
	f.mu.Unlock()
	body, ok := f.bodies[m[1]]
	if !ok {
		f.t.Errorf("unexpected operation %s", m[1])
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, body)
}

func (f *opsFake) got() []opCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]opCall(nil), f.calls...)
}

func newOpsFake(t *testing.T, bodies map[string]string) (*Admin, *opsFake) {
	t.Helper()
	f := &opsFake{t: t, bodies: bodies}
	srv := httptest.NewServer(shopifytest.Handler(t, DefaultAPIVersion, f))
	t.Cleanup(srv.Close)
	return NewAdmin(testShop, testToken, WithEndpoint(srv.URL), WithBackoff(time.Millisecond, 5*time.Millisecond),
		WithMaxAttempts(2), WithClock(clock.NewFixed(t0))), f
}
