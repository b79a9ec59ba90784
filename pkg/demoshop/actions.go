package demoshop

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// The demo shop keeps a log of every write it applied, so a demo (and a
// test) can see exactly what happened: GET /dev/shop/actions (DESIGN.md §5).

// ActionsCollection holds the log, one document a write, by time.
const ActionsCollection = "demoshop_actions"

// Action types.
const (
	ActionReturn        = "return"
	ActionAddressChange = "address_change"
	ActionRefund        = "refund"
	ActionReplacement   = "replacement"
)

// Action is one write the demo shop applied.
type Action struct {
	Type     string         `json:"type"`
	Order    string         `json:"order"`
	Lines    []ActionLine   `json:"lines"`
	Amount   string         `json:"amount"`
	Currency string         `json:"currency"`
	Detail   map[string]any `json:"detail"`
	At       time.Time      `json:"at"`
}

// ActionLine is a line item a write was about.
type ActionLine struct {
	Title    string `json:"title"`
	Variant  string `json:"variant"`
	Quantity int    `json:"quantity"`
}

// Log is the part of the store the log needs.
type Log interface {
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// recorded counts the writes logged by this process.
var recorded atomic.Int64

// record adds a to the log. key tells apart writes at the same instant.
func (s *Shop) record(ctx context.Context, key string, a Action) error {
	lg, ok := s.Store.(Log)
	if !ok {
		return nil
	}
	if a.Lines == nil {
		a.Lines = []ActionLine{}
	}
	if a.Detail == nil {
		a.Detail = map[string]any{}
	}
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode shop action: %w", err)
	}
	// Time, then the order of writes in this process (the runner's clock
	// may stand still), then the write's own key.
	id := fmt.Sprintf("%s-%012d-%s", a.At.UTC().Format("20060102T150405.000000000"), recorded.Add(1), key)
	if err := lg.PutDoc(ctx, ActionsCollection, id, b, time.Time{}); err != nil {
		return fmt.Errorf("record shop action: %w", err)
	}
	return nil
}

// Actions lists every write the demo shop applied, oldest first.
func Actions(ctx context.Context, lg Log) ([]Action, error) {
	out := []Action{}
	after := ""
	for {
		docs, err := lg.ListDocs(ctx, ActionsCollection, "", after, 500)
		if err != nil {
			return nil, fmt.Errorf("list shop actions: %w", err)
		}
		for _, d := range docs {
			var a Action
			if err := json.Unmarshal(d.Value, &a); err != nil {
				return nil, fmt.Errorf("read shop action %s: %w", d.ID, err)
			}
			out = append(out, a)
			after = d.ID
		}
		if len(docs) < 500 {
			return out, nil
		}
	}
}

// ActionsHandler serves GET /dev/shop/actions.
func ActionsHandler(lg Log, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		list, err := Actions(r.Context(), lg)
		if err != nil {
			log.ErrorContext(r.Context(), "shop actions", "err", err)
			httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		httpjson.Write(w, http.StatusOK, list)
	})
}

// linesOf describes line items of o, by id and quantity.
func linesOf(o order.Order, lines []order.ReturnLine) ([]ActionLine, order.Money) {
	var out []ActionLine
	var total order.Money
	for _, l := range lines {
		for _, li := range o.LineItems {
			if li.ID == l.LineItemID {
				out = append(out, ActionLine{Title: li.Title, Variant: li.Variant, Quantity: l.Quantity})
				total += li.Paid(l.Quantity) // what a refund of them gives back (order.PaidFor)
			}
		}
	}
	return out, total
}
