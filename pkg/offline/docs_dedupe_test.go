package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/docs"
)

// twiceFAQ says the same paragraph under two headings, as FAQs often do:
// a search finds it twice.
const twiceFAQ = `# Help

## Returns

Send anything back within 60 days of delivery for a full refund to the card you paid with.

## Refunds

Send anything back within 60 days of delivery for a full refund to the card you paid with.

## Delivery

We deliver across Europe in 3 to 5 business days.
`

// A reply quotes a passage once: two questions the same paragraph answers
// (or a paragraph the docs hold twice) get it once, and the second question
// is pointed to it, not given it again.
func TestDocsReplyQuotesAPassageOnce(t *testing.T) {
	demo, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	twice := []docs.Document{{ID: "help.md", Format: docs.Markdown, Body: twiceFAQ}}
	tests := []struct {
		name  string
		files []docs.Document
		q     string
		want  []string // each in the reply
	}{
		{"return and refund policy", demo, "what's your return policy and what's your refund policy?", []string{"within 30 days", "passage above"}},
		{"refund policy alone", demo, "what's your refund policy?", []string{"within 30 days"}},
		{"refund policy and timing", demo, "what's your refund policy and when will I get my refund?", []string{"within 30 days", "5 to 10 business days"}},
		{"the same paragraph twice in the docs", twice, "what is your return policy?", []string{"60 days"}},
		{"two questions, one paragraph twice in the docs", twice, "what is your return policy and what is your refund policy?", []string{"60 days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := agentWith(t, tt.files)
			conv := &conversation.Conversation{Shop: "s", ID: "c", Status: conversation.StatusOpen}
			res, err := a.Turn(t.Context(), conv, nil, tt.q, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Reply, w) {
					t.Errorf("reply %q, want %q in it", res.Reply, w)
				}
			}
			seen := map[string]bool{}
			for _, para := range strings.Split(res.Reply, "\n") {
				para = strings.TrimSpace(para)
				if len(para) < 40 {
					continue
				}
				if seen[para] {
					t.Errorf("reply repeats %q:\n%s", para, res.Reply)
				}
				seen[para] = true
			}
		})
	}
}
