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
)

// merchantFAQ is another shop's FAQ, in its own words: none of the demo
// FAQ's headings or phrases.
const merchantFAQ = `# Help

## International delivery

We deliver to Canada, Mexico and most of Europe. International parcels take
7 to 14 business days and import duties are paid by the recipient.

## Sending something back

Changed your mind? You have 45 days from the day it arrived to send items back
for a full refund, as long as they are unused and in their original box.

## Money back

Once we receive what you sent back, your money is back on your card within a
week.
`

func agentWith(t *testing.T, files []docs.Document) *agent.Agent {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pol := policy.Default()
	pol.ShopName = "Some Shop"
	return &agent.Agent{Store: st, Model: offline.Model{}, Policies: agent.StaticPolicy(pol), Docs: docs.NewLibrary(files),
		Clock: clock.NewFixed(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// Policy and product questions are searched with the customer's own words
// (generic synonyms on a retry), so another shop's FAQ in its own words
// answers them, and so does the demo's: the passage's section, never "I
// don't know".
func TestPolicyQuestionsInTheCustomersWords(t *testing.T) {
	demo, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	merchant := []docs.Document{{ID: "faq.md", Format: docs.Markdown, Body: merchantFAQ}}
	tests := []struct {
		name    string
		files   []docs.Document
		q       string
		section string // the section the reply quotes
	}{
		{"merchant: Canada", merchant, "do you ship to Canada?", "International delivery"},
		{"merchant: Mexico in Spanish", merchant, "¿Hacen envíos a México?", "International delivery"},
		{"merchant: send back", merchant, "how long do I have to send something back?", "Sending something back"},
		{"merchant: return policy", merchant, "what's your return policy?", "Sending something back"},
		{"merchant: refund", merchant, "when will I get my money back after a return?", "Money back"},
		{"demo: Canada", demo, "do you ship to Canada?", "How long does delivery take"},
		{"demo: Mexico in Spanish", demo, "¿Hacen envíos a México?", "How long does delivery take"},
		{"demo: two questions", demo, "what's your return policy and do you ship to Canada?", "How long does delivery take"},
		{"demo: return weeks", demo, "can I still return something after a few weeks?", "What is your return policy"},
		{"demo: board dry", demo, "what's the best way to look after my olive wood board? it looks dry", "Oiling"},
		{"demo: candle tunneling", demo, "my candle is tunneling", "candle"},
		{"demo: skillet typos", demo, "how do i re-seasn my skilet", "season"},
		{"demo: returns in Spanish", demo, "¿Cómo funcionan las devoluciones?", "return"},
		{"demo: returns in French", demo, "Quelle est votre politique de retour ?", "return policy"},
		{"demo: shipping abroad in German", demo, "Liefern Sie auch in die Schweiz?", "How long does delivery take"},
		{"demo: shipping cost in Spanish", demo, "¿Cuánto cuesta el envío?", "shipping cost"},
		{"merchant: send back in French", merchant, "Combien de temps pour un retour ?", "Sending something back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := agentWith(t, tt.files)
			conv := &conversation.Conversation{Shop: "s", ID: "c", Status: conversation.StatusOpen}
			res, err := a.Turn(t.Context(), conv, nil, tt.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.ToLower(res.Reply), strings.ToLower(tt.section)) || strings.Contains(res.Reply, "couldn't find") {
				t.Errorf("reply %q, want the passage of %q", res.Reply, tt.section)
			}
		})
	}
}
