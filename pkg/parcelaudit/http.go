package parcelaudit

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
)

// Handler serves the merchant console's claims API:
//
//	GET /console/api/claims?after=<id>&limit=<n>  {"claims": [...], "next": "<id>"}
//	GET /console/api/claims.csv                   every claim, as CSV
//
// Like every /console/api/ route it needs a signed-in merchant: Authorize
// decides, and a nil Authorize refuses everyone (401). The console's
// sign-in comes with the console; until then the local runner passes an
// Authorize that lets the dev user in.
type Handler struct {
	Book      *Book
	Shop      string
	Authorize func(*http.Request) bool
	Log       *slog.Logger
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.Default()
	}
	return h.Log
}

// ServeHTTP serves both routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.Authorize == nil || !h.Authorize(r) {
		httpjson.Error(w, http.StatusUnauthorized, "unauthenticated", "sign in to the console first")
		return
	}
	if r.Method != http.MethodGet {
		httpjson.Error(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET")
		return
	}
	ctx := r.Context()
	if strings.HasSuffix(r.URL.Path, ".csv") {
		claims, err := h.Book.All(ctx, h.Shop)
		if err != nil {
			h.log().ErrorContext(ctx, "claims export", "err", err)
			httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="carrier-claims.csv"`)
		w.Header().Set("Cache-Control", "no-store")
		if err := WriteCSV(w, claims); err != nil {
			h.log().ErrorContext(ctx, "claims export", "err", err)
		}
		return
	}
	limit := 50
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 500 {
			httpjson.Error(w, http.StatusBadRequest, "bad_request", "limit must be a number from 1 to 500")
			return
		}
		limit = n
	}
	claims, next, err := h.Book.List(ctx, h.Shop, r.URL.Query().Get("after"), limit)
	if err != nil {
		h.log().ErrorContext(ctx, "list claims", "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	httpjson.Write(w, http.StatusOK, map[string]any{"claims": claims, "next": next})
}
