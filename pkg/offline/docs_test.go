package offline_test

import (
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func docsAgent(t *testing.T) *agent.Agent {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()
	pol.ShopName = "Hearth & Harbor"
	return &agent.Agent{Store: st, Model: offline.Model{}, Policies: agent.StaticPolicy(pol), Docs: docs.NewLibrary(files),
		Clock: clock.NewFixed(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// How-to questions are answered with the best passage, naming its source,
// without asking who the customer is.
func TestHowToAnsweredFromDocs(t *testing.T) {
	tests := []struct {
		q, source, says string
	}{
		{"How do I set up the pour-over coffee kit?", "Pour-Over Coffee Kit – setup and brewing guide, Setting up your kit", "Fold the paper filter"},
		{"What grind size should I use for pour over?", "Grind size", "medium-fine"},
		{"how to season the cast iron skillet", "Cast-Iron Skillet – seasoning and care", "450°F"},
		{"Can I put the linen throw in the dryer?", "Stonewashed Linen Throw: washing and care, Drying", "Tumble dry on low"},
		{"Is the mug dishwasher safe?", "Harbor Stoneware Mug – care and use, Dishwasher and microwave", "dishwasher safe"},
		{"candle burn instructions", "Beeswax Pillar Candle – burning guide", "burn"},
		{"Does the skillet work on induction?", "Which cooktops it works on", "induction"},
		{"Do you offer gift wrapping?", "Shipping and returns FAQ", "$5"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := docsAgent(t)
			conv := &conversation.Conversation{Shop: "demo", ID: "c", Status: conversation.StatusOpen}
			res, err := a.Turn(t.Context(), conv, nil, tt.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.Reply, tt.source) || !strings.Contains(res.Reply, tt.says) {
				t.Errorf("reply %q, want the source %q and %q", res.Reply, tt.source, tt.says)
			}
			if strings.Contains(res.Reply, "order number") {
				t.Errorf("asked to verify for a product question: %q", res.Reply)
			}
		})
	}
}

// A product question the documentation does not answer gets "I don't
// know" and the offer of a person, never a guess; yes hands over.
func TestHowToUnanswerableOffersPerson(t *testing.T) {
	for _, q := range []string{
		"Does the mug work with an AeroPress?",
		"Can I put the candle in the freezer?",
		"Is the skillet compatible with a Traeger pellet smoker?",
		"How do I engrave the olivewood board?",
	} {
		t.Run(q, func(t *testing.T) {
			a := docsAgent(t)
			conv := &conversation.Conversation{Shop: "demo", ID: "c", Status: conversation.StatusOpen}
			res, err := a.Turn(t.Context(), conv, nil, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.Reply, "I don't know") || !strings.Contains(res.Reply, "pass this to a member of our team") {
				t.Fatalf("reply %q", res.Reply)
			}
			history := []conversation.Message{{Seq: 0, Role: conversation.RoleCustomer, Text: q}, {Seq: 1, Role: conversation.RoleAgent, Text: res.Reply}}
			res, err = a.Turn(t.Context(), conv, history, "yes please", 2)
			if err != nil {
				t.Fatal(err)
			}
			if conv.Status != conversation.StatusHandover {
				t.Errorf("yes did not hand over: %q", res.Reply)
			}
		})
	}
}

// Order questions still go to the order tools, not to the documentation.
func TestOrderQuestionsAreNotHowTo(t *testing.T) {
	for _, q := range []string{"Can I return the mug?", "Where is my order #1003?", "can I track my order", "I want a refund", "Can I talk to a person?", "Can I change the address on my order?"} {
		a := docsAgent(t)
		conv := &conversation.Conversation{Shop: "demo", ID: "c", Status: conversation.StatusOpen}
		res, err := a.Turn(t.Context(), conv, nil, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, act := range res.Actions {
			if act.Tool == toolname.SearchDocs {
				t.Errorf("%q searched the docs: %q", q, res.Reply)
			}
		}
	}
}

// A message that is neither about an order nor in the documentation gets
// the old "can't help with that" answer, offering a person.
func TestNothingMatchesAtAll(t *testing.T) {
	a := docsAgent(t)
	conv := &conversation.Conversation{Shop: "demo", ID: "c", Status: conversation.StatusOpen}
	res, err := a.Turn(t.Context(), conv, nil, "what is the airspeed velocity of an unladen swallow", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Reply, "not able to help") || !strings.Contains(res.Reply, "pass you to a member") {
		t.Errorf("reply %q", res.Reply)
	}
}
