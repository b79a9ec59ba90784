package console

import (
	"context"
	"net/http"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
)

// Exports are the customers' data-request exports (customers/data_request,
// package privacy): Shopify leaves it to the merchant to hand the data to
// the customer, so the console lists them and downloads each.
type Exports interface {
	// Exports lists the shop's exports kept, newest first.
	Exports(ctx context.Context, shop string) ([]privacy.ExportSummary, error)
	// ExportDoc is one export's JSON; store.ErrNotFound when not kept.
	ExportDoc(ctx context.Context, shop, requestID string) ([]byte, error)
}

var _ Exports = (*privacy.Service)(nil)

// exports is GET /console/api/exports: the data requests answered, newest
// first (each kept 30 days, erased by the customer's redaction).
func (c *Console) exports(w http.ResponseWriter, r *http.Request) {
	type list struct {
		available
		Exports []privacy.ExportSummary `json:"exports"`
	}
	if c.Exports == nil {
		httpjson.Write(w, http.StatusOK, list{Exports: []privacy.ExportSummary{}})
		return
	}
	ex, err := c.Exports.Exports(r.Context(), c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	httpjson.Write(w, http.StatusOK, list{available{true}, ex})
}

// export is GET /console/api/exports/{id}: one export as a JSON download,
// for the merchant to send the customer.
func (c *Console) export(w http.ResponseWriter, r *http.Request) {
	if c.Exports == nil {
		c.fail(w, r, ErrNotFound)
		return
	}
	id := r.PathValue("id")
	doc, err := c.Exports.ExportDoc(r.Context(), c.Shop, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="data-request-`+safeFileName(id)+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(doc)
}

// safeFileName keeps letters, digits, '-' and '_' of s.
func safeFileName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 64; i++ {
		if ch := s[i]; ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_' {
			b = append(b, ch)
		}
	}
	return string(b)
}
