package console_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/privacy"
)

// The merchant lists the customers' data requests and downloads each
// export, signed in only; a redacted customer's export is gone.
func TestExportsListedAndDownloaded(t *testing.T) {
	e := newEnv(t)
	p := e.r.App.Privacy
	e.con.Exports = p
	ctx := t.Context()
	req := privacy.Request{Topic: privacy.TopicDataRequest, Email: "daniel.reyes@example.com", CustomerID: "77", RequestID: "9001"}
	if err := p.Handle(ctx, shop, req); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Available bool                    `json:"available"`
		Exports   []privacy.ExportSummary `json:"exports"`
	}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/exports", nil, &list); code != http.StatusOK || !list.Available ||
		len(list.Exports) != 1 || list.Exports[0].RequestID != "9001" || list.Exports[0].Orders == 0 {
		t.Fatalf("exports: %d %+v", code, list)
	}
	resp, err := e.staff.Get(e.srv.URL + "/console/api/exports/9001")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "data-request-9001.json") ||
		!strings.Contains(string(body), `"request_id":"9001"`) {
		t.Fatalf("download: %d %q %.200s", resp.StatusCode, resp.Header.Get("Content-Disposition"), body)
	}
	anon, err := http.Get(e.srv.URL + "/console/api/exports/9001")
	if err != nil {
		t.Fatal(err)
	}
	anon.Body.Close()
	if anon.StatusCode != http.StatusUnauthorized {
		t.Errorf("download without signing in: %d, want 401", anon.StatusCode)
	}
	if err := p.Handle(ctx, shop, privacy.Request{Topic: privacy.TopicRedactCustomer, Email: "daniel.reyes@example.com", CustomerID: "77"}); err != nil {
		t.Fatal(err)
	}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/exports/9001", nil, nil); code != http.StatusNotFound {
		t.Errorf("download after customers/redact: %d, want 404", code)
	}
}
