package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

type queue struct {
	Conversations []struct {
		ID           string     `json:"id"`
		Status       string     `json:"status"`
		WaitingSince *time.Time `json:"waiting_since"`
		LastMessage  string     `json:"last_message"`
		Handoff      *console.Handoff
	} `json:"conversations"`
	Approvals []console.Handoff `json:"approvals"`
	Decisions bool              `json:"decisions"`
}

// A customer asks for a person; staff find the conversation in the queue,
// reply, and the customer sees the reply; the agent stays quiet until the
// conversation is handed back.
func TestEscalationRoundTrip(t *testing.T) {
	e := newEnv(t)
	start := e.r.Clock.Now() // the metrics' days run from here: the clock may pass midnight below
	cust := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	if reply := cust.say("can I talk to a person please?"); !strings.Contains(reply, "member of our team") {
		t.Fatalf("the agent did not hand over: %q", reply)
	}
	e.r.Clock.Advance(7 * time.Minute)

	var q queue
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q); code != http.StatusOK {
		t.Fatalf("queue: %d", code)
	}
	if len(q.Conversations) != 1 || q.Conversations[0].ID != cust.id || q.Conversations[0].WaitingSince == nil {
		t.Fatalf("queue = %+v; want the conversation, waiting", q.Conversations)
	}
	if w := e.r.Clock.Now().Sub(*q.Conversations[0].WaitingSince); w < 7*time.Minute {
		t.Errorf("waiting for %s, want at least 7m", w)
	}

	const text = "Hi Daniel, this is Sam from Hearth & Harbor. I've asked UPS to check on your parcel."
	var sent struct {
		Message conversation.Message `json:"message"`
	}
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+cust.id+"/reply", map[string]string{"text": text}, &sent); code != http.StatusOK {
		t.Fatalf("reply: %d", code)
	}
	msgs := cust.transcript()
	last := msgs[len(msgs)-1]
	if last.Role != conversation.RoleStaff || last.Text != text {
		t.Fatalf("the customer's transcript ends with %s %q; want the staff reply", last.Role, last.Text)
	}
	if reply := cust.say("thank you, any news?"); reply != "" {
		t.Errorf("the agent answered while a person owns the conversation: %q", reply)
	}

	var back console.Summary
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+cust.id+"/handback", struct{}{}, &back); code != http.StatusOK || back.Status != conversation.StatusOpen {
		t.Fatalf("hand back: %d, %+v", code, back)
	}
	if reply := cust.say("where is my order #1003?"); !strings.Contains(reply, "#1003") {
		t.Errorf("after hand-back the agent did not answer: %q", reply)
	}
	var taken console.Summary
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+cust.id+"/takeover", struct{}{}, &taken); code != http.StatusOK || taken.Status != conversation.StatusHandover {
		t.Fatalf("take over: %d, %+v", code, taken)
	}

	// Metrics: one conversation, handed over (once, though taken twice);
	// a person answered after about seven minutes.
	rep, err := e.rec.Read(t.Context(), shop, start, e.r.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Total
	if d.Conversations != 1 || d.Handovers != 1 || d.Resolutions != 1 || d.Deflected != 0 {
		t.Errorf("metrics: %d conversations, %d handovers, %d resolutions, %d deflected; want 1, 1, 1, 0", d.Conversations, d.Handovers, d.Resolutions, d.Deflected)
	}
	if d.StaffResponseMin == nil || *d.StaffResponseMin < 7 {
		t.Errorf("wait for a person = %v, want about 7 minutes", d.StaffResponseMin)
	}
}

func TestReplyValidation(t *testing.T) {
	e := newEnv(t)
	cust := e.customer(t, map[string]string{})
	for _, tc := range []struct {
		name string
		body any
		want int
	}{
		{"empty", map[string]string{"text": "  "}, http.StatusBadRequest},
		{"too long", map[string]string{"text": strings.Repeat("a", console.MaxReply+1)}, http.StatusRequestEntityTooLarge},
		{"unknown field", map[string]any{"text": "hi", "role": "agent"}, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out map[string]any
			if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+cust.id+"/reply", tc.body, &out); code != tc.want {
				t.Errorf("reply = %d %v, want %d", code, out, tc.want)
			}
		})
	}
	var out map[string]any
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/nope/reply", map[string]string{"text": "hi"}, &out); code != http.StatusNotFound {
		t.Errorf("reply to no conversation = %d, want 404", code)
	}
	if len(cust.transcript()) != 0 {
		t.Error("a refused reply was saved")
	}
}

type list struct {
	Conversations []console.Summary `json:"conversations"`
	Complete      bool              `json:"complete"`
}

func TestConversationsSearchAndDetail(t *testing.T) {
	e := newEnv(t)
	daniel := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	daniel.say("where is my order #1003?")
	maya := e.customer(t, map[string]string{})
	maya.say("do you sell gift cards?")
	samuel := e.customer(t, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	samuel.say("I'd like to talk to a person")

	for _, tc := range []struct {
		q, status string
		want      []string
	}{
		{"", "", []string{samuel.id, maya.id, daniel.id}},
		{"#1003", "", []string{daniel.id}},
		{"1006", "", []string{samuel.id}},
		{"DANIEL.REYES@example.com", "", []string{daniel.id}},
		{"gift cards", "", []string{maya.id}},
		{"", "handover", []string{samuel.id}},
		{"#1009", "", nil},
	} {
		t.Run(fmt.Sprintf("q=%q status=%q", tc.q, tc.status), func(t *testing.T) {
			var l list
			path := "/console/api/conversations?q=" + strings.ReplaceAll(strings.ReplaceAll(tc.q, "#", "%23"), " ", "+") + "&status=" + tc.status
			if code := e.call(t, e.staff, http.MethodGet, path, nil, &l); code != http.StatusOK {
				t.Fatalf("list: %d", code)
			}
			var got []string
			for _, c := range l.Conversations {
				got = append(got, c.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("found %v, want %v", got, tc.want)
			}
		})
	}

	var d console.Detail
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/conversations/"+daniel.id, nil, &d); code != http.StatusOK {
		t.Fatalf("detail: %d", code)
	}
	if len(d.OrderViews) != 1 || d.OrderViews[0].Name != "#1003" || d.OrderViews[0].Stage != "in_transit" || d.OrderViews[0].Carrier != "UPS" {
		t.Errorf("orders discussed = %+v; want #1003 in transit with UPS", d.OrderViews)
	}
	if len(d.Messages) != 2 || d.Messages[1].Usage == nil || d.Usage.ModelCalls == 0 {
		t.Errorf("messages %d, usage %+v; want the turn with its model calls", len(d.Messages), d.Usage)
	}
	var sd console.Detail
	e.call(t, e.staff, http.MethodGet, "/console/api/conversations/"+samuel.id, nil, &sd)
	found := false
	for _, a := range sd.Actions {
		found = found || (a.Tool == "handover" && a.Status == "done")
	}
	if !found {
		t.Errorf("actions taken = %+v; want the handover", sd.Actions)
	}
	var nf map[string]any
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/conversations/nope", nil, &nf); code != http.StatusNotFound {
		t.Errorf("unknown conversation = %d, want 404", code)
	}
	var bad map[string]any
	for _, p := range []string{"?status=maybe", "?limit=0", "?before=yesterday"} {
		if code := e.call(t, e.staff, http.MethodGet, "/console/api/conversations"+p, nil, &bad); code != http.StatusBadRequest {
			t.Errorf("list%s = %d, want 400", p, code)
		}
	}
}

func TestSettingsAPI(t *testing.T) {
	e := newEnv(t)
	var got struct {
		Settings settings.Settings `json:"settings"`
		Within   int               `json:"applies_within_seconds"`
	}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/settings", nil, &got); code != http.StatusOK {
		t.Fatalf("get: %d", code)
	}
	if got.Settings.Policy.ShopName != "Hearth & Harbor" || got.Within <= 0 {
		t.Errorf("settings = %+v", got)
	}
	s := got.Settings
	s.Policy.ReturnWindowDays = 500
	s.Notifications.StaffEmail = "nope"
	s.Brand = settings.Brand{LogoURL: "http://cdn.example.com/logo.png", PrimaryColor: "navy"}
	var bad struct {
		Fields map[string]string `json:"fields"`
	}
	if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", s, &bad); code != http.StatusBadRequest ||
		bad.Fields["policy.return_window_days"] == "" || bad.Fields["notifications.staff_email"] == "" ||
		bad.Fields["brand.logo_url"] == "" || bad.Fields["brand.primary_color"] == "" {
		t.Errorf("invalid settings: %d %+v", code, bad)
	}
	var raw map[string]any
	if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", map[string]any{"policy": map[string]any{"return_window_days": "thirty"}}, &raw); code != http.StatusBadRequest {
		t.Errorf("wrong type = %d, want 400", code)
	}
	s = got.Settings
	s.Policy.ReturnWindowDays = 60
	s.Policy.SignOff = "— The Hearth & Harbor team"
	s.Brand = settings.Brand{LogoURL: "https://cdn.shopify.com/s/files/1/logo.png", PrimaryColor: "#2F4858", AccentColor: "#c8553d"}
	if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", s, &got); code != http.StatusOK {
		t.Fatalf("put: %d", code)
	}
	if got.Settings.Policy.ReturnWindowDays != 60 || got.Settings.UpdatedBy != "dev" ||
		got.Settings.Brand != (settings.Brand{LogoURL: "https://cdn.shopify.com/s/files/1/logo.png", PrimaryColor: "#2f4858", AccentColor: "#c8553d"}) {
		t.Errorf("saved %+v", got.Settings)
	}

	// A write from another site is refused, even with the cookie.
	b, _ := json.Marshal(s)
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/console/api/settings", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := e.staff.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site PUT = %d, want 403", resp.StatusCode)
	}
}

func TestMetricsAPI(t *testing.T) {
	e := newEnv(t)
	a := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	a.say("where is my order #1003?")
	if code := a.do(http.MethodPost, "/v1/conversations/"+a.id+"/csat", map[string]any{"score": 4}, nil); code != http.StatusOK {
		t.Fatalf("csat: %d", code)
	}
	b := e.customer(t, map[string]string{})
	b.say("can I talk to a person")

	var rep metrics.Report
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/metrics?days=7", nil, &rep); code != http.StatusOK {
		t.Fatalf("metrics: %d", code)
	}
	if len(rep.Days) != 7 || rep.Days[6].Date != e.r.Clock.Now().UTC().Format(time.DateOnly) {
		t.Fatalf("days = %d ending %q", len(rep.Days), rep.Days[len(rep.Days)-1].Date)
	}
	tot := rep.Total
	if tot.Conversations != 2 || tot.Mix[metrics.Answered] != 1 || tot.Mix[metrics.Handover] != 1 || tot.CSATCount != 1 ||
		tot.DeflectionRate == nil || *tot.DeflectionRate != 0.5 || tot.FirstResponseMS == nil || tot.OrderStatusShare == nil {
		t.Errorf("total = %+v", tot)
	}
	var bad map[string]any
	for _, q := range []string{"days=0", "days=x", "from=2026-01-02&to=2026-01-01", "from=2020-01-01&to=2026-01-01"} {
		if code := e.call(t, e.staff, http.MethodGet, "/console/api/metrics?"+q, nil, &bad); code != http.StatusBadRequest {
			t.Errorf("metrics?%s = %d, want 400", q, code)
		}
	}
}

// fakeHandoffs is a Handoffs with function fields.
type fakeHandoffs struct {
	list   func(ctx context.Context, shop string) ([]console.Handoff, error)
	decide func(ctx context.Context, shop, id string, approve bool, note string) error
}

func (f fakeHandoffs) List(ctx context.Context, shop string) ([]console.Handoff, error) {
	return f.list(ctx, shop)
}

func (f fakeHandoffs) Decide(ctx context.Context, shop, id string, approve bool, note string) error {
	return f.decide(ctx, shop, id, approve, note)
}

func putHandoffs(t *testing.T, e *env, hs ...console.Handoff) {
	t.Helper()
	for _, h := range hs {
		b, _ := json.Marshal(h)
		if err := e.r.Store.PutDoc(t.Context(), console.HandoffCollection, h.ID, b, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
}

func refundApproval(now time.Time) console.Handoff {
	return console.Handoff{ID: "approval-1", Shop: shop, Kind: "approval", Status: "open", Order: "#1006", Reason: "above the refund limit",
		OpenedAt: now, SLADue: now.Add(4 * time.Hour), Action: &console.HandoffAction{Tool: "refund", Order: "#1006", Amount: 12000, Statement: "Refund $120.00 to the card used."}}
}

// Without the escalation service, the queue lists the handoff records
// (this shop's only) but cannot decide them.
func TestApprovalsFromRecords(t *testing.T) {
	e := newEnv(t)
	approval := refundApproval(e.r.Clock.Now())
	other := approval
	other.ID, other.Shop = "approval-2", "other-shop.myshopify.com"
	done := approval
	done.ID, done.Status = "approval-3", "done"
	putHandoffs(t, e, approval, other, done)

	var q queue
	e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
	if len(q.Approvals) != 1 || q.Approvals[0].ID != "approval-1" || q.Decisions {
		t.Fatalf("queue approvals = %+v, decisions %v", q.Approvals, q.Decisions)
	}
	var out map[string]any
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/approval-1/decide", map[string]any{"approve": true}, &out); code != http.StatusNotImplemented {
		t.Errorf("decide without escalation = %d, want 501", code)
	}
}

// With the escalation service, a decision goes through with who decided,
// and its errors map to statuses.
func TestApprovalsDecided(t *testing.T) {
	approval := refundApproval(time.Now())
	var got struct {
		shop, id, note, by string
		approve            bool
	}
	fake := fakeHandoffs{
		list: func(context.Context, string) ([]console.Handoff, error) { return []console.Handoff{approval}, nil },
		decide: func(ctx context.Context, s, id string, approve bool, note string) error {
			u, _ := console.UserFrom(ctx)
			got.shop, got.id, got.approve, got.note, got.by = s, id, approve, note, u.Name
			switch id {
			case "gone":
				return console.ErrNotFound
			case "decided":
				return console.ErrConflict
			}
			return nil
		},
	}
	e := newEnv(t, func(c *console.Console) { c.Handoffs = fake })
	var q queue
	var out map[string]any
	e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
	if !q.Decisions || len(q.Approvals) != 1 {
		t.Errorf("with escalation: decisions %v, approvals %d", q.Decisions, len(q.Approvals))
	}
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/approval-1/decide", map[string]any{"approve": false, "note": " Past the window. "}, &out); code != http.StatusOK {
		t.Fatalf("decide: %d %v", code, out)
	}
	if got.shop != shop || got.id != "approval-1" || got.approve || got.note != "Past the window." || got.by != "dev" {
		t.Errorf("decision passed on as %+v", got)
	}
	for id, want := range map[string]int{"gone": http.StatusNotFound, "decided": http.StatusConflict} {
		if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+id+"/decide", map[string]any{"approve": true}, &out); code != want {
			t.Errorf("decide %s = %d, want %d", id, code, want)
		}
	}
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/approval-1/decide", map[string]any{"note": "?"}, &out); code != http.StatusBadRequest {
		t.Errorf("decide without approve = %d, want 400", code)
	}
}

type fakeClaims struct{ claims []console.Claim }

func (f fakeClaims) List(context.Context, string) ([]console.Claim, error) { return f.claims, nil }

func (f fakeClaims) CSV(_ context.Context, _ string, w io.Writer) error {
	_, err := io.WriteString(w, "order,reason\n#1005,lost\n")
	return err
}

type fakeOutreach struct{ l console.OutreachList }

func (f fakeOutreach) List(context.Context, string) (console.OutreachList, error) { return f.l, nil }

func TestClaimsAndOutreach(t *testing.T) {
	e := newEnv(t)
	var claims struct {
		Available bool            `json:"available"`
		Claims    []console.Claim `json:"claims"`
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/claims", nil, &claims)
	if claims.Available || claims.Claims == nil {
		t.Errorf("without a claims book: %+v; want not available, an empty list", claims)
	}
	var out map[string]any
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/claims.csv", nil, &out); code != http.StatusNotImplemented {
		t.Errorf("export without a claims book = %d, want 501", code)
	}

	// Without the outreach service: what was sent, from its records.
	sent := e.r.Clock.Now().Add(-48 * time.Hour)
	asked := sent.Add(24 * time.Hour)
	checkIn, _ := json.Marshal(map[string]any{"shop": shop, "email": "samuel.whitfield@example.com", "order_id": "5500000001006",
		"order_name": "#1006", "channel": "email", "sent_at": sent, "answer_by": sent.Add(24 * time.Hour), "rating_requested_at": asked})
	rating, _ := json.Marshal(map[string]any{"shop": shop, "order_id": "5500000001006", "order_name": "#1006", "score": 4, "at": asked})
	_ = e.r.Store.PutDoc(t.Context(), "outreach", shop+"|samuel.whitfield@example.com|5500000001006", checkIn, time.Time{})
	_ = e.r.Store.PutDoc(t.Context(), "delivery_ratings", shop+"|5500000001006", rating, time.Time{})
	var fromDocs struct {
		Available bool                   `json:"available"`
		Sent      []console.OutreachItem `json:"sent"`
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/outreach", nil, &fromDocs)
	if !fromDocs.Available || len(fromDocs.Sent) != 2 || fromDocs.Sent[0].Kind != "review" || fromDocs.Sent[0].Status != "rated 4/5" ||
		fromDocs.Sent[1].Kind != "check_in" || fromDocs.Sent[1].Order != "#1006" {
		t.Errorf("outreach from records = %+v", fromDocs)
	}

	now := time.Now()
	e = newEnv(t, func(c *console.Console) {
		c.Claims = fakeClaims{[]console.Claim{{ID: "1005|1|lost", Reason: "lost", Status: "open", OrderName: "#1005", Carrier: "FedEx", GoodsValue: 4200, Currency: "USD", CreatedAt: now}}}
		c.Outreach = fakeOutreach{console.OutreachList{
			Scheduled: []console.OutreachItem{{ID: "o1", Kind: "check_in", Order: "#1006", Customer: "samuel.whitfield@example.com", At: now.Add(72 * time.Hour), Status: "scheduled"}},
		}}
	})
	e.call(t, e.staff, http.MethodGet, "/console/api/claims", nil, &claims)
	if !claims.Available || len(claims.Claims) != 1 || claims.Claims[0].OrderName != "#1005" {
		t.Errorf("claims = %+v", claims)
	}
	resp, err := e.staff.Get(e.srv.URL + "/console/api/claims.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(string(body), "#1005,lost") {
		t.Errorf("export: %d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	var o struct {
		Available bool                   `json:"available"`
		Scheduled []console.OutreachItem `json:"scheduled"`
		Sent      []console.OutreachItem `json:"sent"`
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/outreach", nil, &o)
	if !o.Available || len(o.Scheduled) != 1 || o.Sent == nil {
		t.Errorf("outreach = %+v", o)
	}
}

// The demo conversations give a new user something to look at: answered
// questions, a return, a refusal, a rating or three, and one customer
// waiting for a person. Seeding again plays nothing.
func TestSeedDemo(t *testing.T) {
	e := newEnv(t)
	n, err := console.SeedDemo(t.Context(), e.chat, e.r.Store.Claim, shop, e.r.Clock.Now())
	if err != nil || n != 5 {
		t.Fatalf("SeedDemo = %d, %v; want 5", n, err)
	}
	if n, err := console.SeedDemo(t.Context(), e.chat, e.r.Store.Claim, shop, e.r.Clock.Now()); n != 0 || err != nil {
		t.Errorf("seeding again played %d (%v)", n, err)
	}
	var l list
	e.call(t, e.staff, http.MethodGet, "/console/api/conversations", nil, &l)
	if len(l.Conversations) != 5 {
		t.Errorf("%d conversations, want 5", len(l.Conversations))
	}
	var q queue
	e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
	if len(q.Conversations) != 1 {
		t.Errorf("%d waiting for a person, want 1", len(q.Conversations))
	}
	var rep metrics.Report
	e.call(t, e.staff, http.MethodGet, "/console/api/metrics?days=7", nil, &rep)
	tot := rep.Total
	t.Logf("demo metrics: %d conversations, mix %v, topics %v, csat %v", tot.Conversations, tot.Mix, tot.Topics, *tot.CSAT)
	if tot.Conversations != 5 || tot.Mix[metrics.Handover] != 1 || tot.Mix[metrics.Return] != 0 || tot.CSATCount != 3 {
		t.Errorf("demo metrics = %+v", tot)
	}
}
