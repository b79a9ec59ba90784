package runner_test

import (
	"net/url"
	"strings"
	"testing"
)

// metricsTotal reads the console's metrics total: the resolution mix and
// the figures every write moves.
func (c *console) metricsTotal() map[string]int64 {
	c.t.Helper()
	var rep struct {
		Total struct {
			Mix            map[string]int64 `json:"mix"`
			WriteCases     int64            `json:"write_cases"`
			ApprovedWrites int64            `json:"approved_writes"`
			Credits        int64            `json:"credits"`
			Issued         int64            `json:"credit_issued_cents"`
			Kept           int64            `json:"credit_kept_cents"`
		} `json:"total"`
	}
	if code := c.do("GET", "/console/api/metrics", nil, &rep); code != 200 {
		c.t.Fatalf("metrics: %d", code)
	}
	out := map[string]int64{"write_cases": rep.Total.WriteCases, "approved_writes": rep.Total.ApprovedWrites,
		"credits": rep.Total.Credits, "credit_issued_cents": rep.Total.Issued, "credit_kept_cents": rep.Total.Kept}
	for k, v := range rep.Total.Mix {
		out["mix."+k] = v
	}
	return out
}

// Every write the tracking page runs, and every one a person approves in
// the console, counts once in the console's metrics (issue 16: the
// metrics showed none of them): its resolution, and the store credit it
// issued. Confirming twice counts once.
func TestMetricsCountEveryWriteOnRunner(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
	confirm := func(t *testing.T, fields func(page string) url.Values, outcome string) {
		t.Helper()
		tok, status, page := proposeOn(t, srv, fields)
		p := proposalIDRe.FindStringSubmatch(page)
		if status != 200 || p == nil {
			t.Fatalf("propose: %d\n%s", status, page)
		}
		for range 2 {
			if status, page = postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"confirm"}, "p": {p[1]}}); status != 200 || !strings.Contains(page, outcome) {
				t.Fatalf("confirm: %d\n%s", status, page)
			}
		}
	}
	for _, step := range []struct {
		name string
		do   func(t *testing.T)
		want map[string]int64 // what the step adds
	}{
		{"tracking page: exchange", func(t *testing.T) {
			confirm(t, func(page string) url.Values {
				f := lineField(t, page, "Harbor Stoneware Mug")
				return url.Values{f: {"1"}, "want." + strings.TrimPrefix(f, "qty."): {"4700000000102"}, "reason": {"COLOR"}, "resolution": {"exchange"}}
			}, "Your exchange has started")
		}, map[string]int64{"mix.exchange": 1, "write_cases": 1}},
		{"tracking page: store credit", func(t *testing.T) {
			confirm(t, func(page string) url.Values {
				return url.Values{lineField(t, page, "Pour-Over Coffee Kit"): {"1"}, "reason": {"UNWANTED"}, "resolution": {"store_credit"}}
			}, "store credit is on")
		}, map[string]int64{"mix.store_credit": 1, "write_cases": 1, "credits": 1, "credit_issued_cents": 7532, "credit_kept_cents": 6848}},
		{"approved in the console", func(t *testing.T) {
			con.set(func(s map[string]any) { s["policy"].(map[string]any)["auto_returns"] = false })
			confirm(t, func(page string) url.Values {
				return url.Values{lineField(t, page, "Harbor Stoneware Mug"): {"1"}, "reason": {"UNWANTED"}, "resolution": {"refund"}}
			}, "Waiting for approval")
			aps := con.approvals()
			if len(aps) != 1 {
				t.Fatalf("approvals = %+v", aps)
			}
			if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
				t.Fatalf("decide: %d", code)
			}
			if n := len(ofType(shopActions(t, srv), "return")); n != 2 {
				t.Fatalf("%d returns after the approval, want 2 (the credit's and this one)", n)
			}
		}, map[string]int64{"mix.return": 1, "write_cases": 1, "approved_writes": 1}},
	} {
		t.Run(step.name, func(t *testing.T) {
			before := con.metricsTotal()
			step.do(t)
			after := con.metricsTotal()
			for k := range after {
				if d := after[k] - before[k]; d != step.want[k] {
					t.Errorf("%s moved by %d, want %d", k, d, step.want[k])
				}
			}
		})
	}
}
