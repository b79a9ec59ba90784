package console_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestLockedOrdersListed: an order locked by wrong emails in the chat shows
// in GET /console/api/locks, for signed-in staff only, until the lock ends.
func TestLockedOrdersListed(t *testing.T) {
	e := newEnv(t)
	type locks struct {
		Locks []struct {
			Order    string    `json:"order"`
			Failures int64     `json:"failures"`
			Until    time.Time `json:"until"`
		} `json:"locks"`
	}
	var got locks
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/locks", nil, &got); code != 200 || len(got.Locks) != 0 {
		t.Fatalf("before: %d %+v", code, got)
	}
	for i := range 10 {
		var out map[string]any
		body := map[string]string{"order_number": "#1001", "email": fmt.Sprintf("guess%d@example.com", i)}
		if code := e.call(t, http.DefaultClient, http.MethodPost, "/v1/conversations", body, &out); code != 201 || out["verified"] != false {
			t.Fatalf("guess %d: %d %v", i+1, code, out)
		}
	}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/locks", nil, &got); code != 200 || len(got.Locks) != 1 ||
		got.Locks[0].Order != "#1001" || got.Locks[0].Failures != 10 || !got.Locks[0].Until.After(e.r.Clock.Now()) {
		t.Errorf("locked: %d %+v", code, got)
	}
	if code := e.call(t, http.DefaultClient, http.MethodGet, "/console/api/locks", nil, nil); code != 401 {
		t.Errorf("signed out: %d, want 401", code)
	}
	e.r.Clock.Advance(66 * time.Minute)
	got = locks{}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/locks", nil, &got); code != 200 || len(got.Locks) != 0 {
		t.Errorf("after the hour: %d %+v", code, got)
	}
}
