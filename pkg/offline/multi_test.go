package offline_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// shopActions is GET /dev/shop/actions: every write the demo shop applied.
func shopActions(t *testing.T, base string) []map[string]any {
	t.Helper()
	resp, err := http.Get(base + "/dev/shop/actions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// actionSummary is each action's type and its lines' titles and
// quantities: "return Harbor Stoneware Mug×2".
func actionSummary(acts []map[string]any) []string {
	var out []string
	for _, a := range acts {
		s := a["type"].(string)
		lines, _ := a["lines"].([]any)
		for _, l := range lines {
			l := l.(map[string]any)
			s += " " + l["title"].(string) + "×" + strings.TrimSuffix(strings.TrimSuffix(jsonNum(l["quantity"]), ".0"), "")
		}
		out = append(out, s)
	}
	return out
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Issue 16 re-trial: a yes with a question confirms the proposal exactly
// as stated and answers the question; a yes that asks for something else
// confirms nothing.
func TestYesWithAQuestion(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		wantActions  []string
		replyHas     string
	}{
		{"refund timing", "yes, and when will the refund arrive?", []string{"return Harbor Stoneware Mug×1"}, "5 to 10 business days"},
		{"how long", "Yes please! How long does it usually take?", []string{"return Harbor Stoneware Mug×1"}, "Done"},
		{"asks for credit", "yes, but could it be store credit?", nil, "store credit, issued"},
		{"asks for both", "yes, and can you do both of them?", nil, "I'll start a return of 2 × Harbor Stoneware Mug"},
		{"confused", "yes? what does that mean?", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1006", "samuel.whitfield@example.com")
			if out := c.say("I want to return a mug"); out.status("start_return") != "proposed" {
				t.Fatalf("no return proposed: %+v", out.actions)
			}
			out := c.say(tc.answer)
			got := actionSummary(shopActions(t, base))
			if strings.Join(got, "|") != strings.Join(tc.wantActions, "|") {
				t.Fatalf("shop actions %v, want %v", got, tc.wantActions)
			}
			if !strings.Contains(out.reply, tc.replyHas) {
				t.Errorf("reply %q, want it to say %q", out.reply, tc.replyHas)
			}
		})
	}
}

// Issue 16 re-trial: a correction right after a proposal is a new
// proposal with the correction, stated word for word, needing its own
// yes; only it runs.
func TestCorrectionIsANewProposal(t *testing.T) {
	for _, tc := range []struct {
		name, ask, correct string
		tool, stated       string
		want               []string
	}{
		{"both mugs", "I want to return a mug", "no, both mugs please", "start_return", "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)",
			[]string{"return Harbor Stoneware Mug×2"}},
		{"the mugs, for a colour", "I'd like to exchange a mug for charcoal", "the mugs, for charcoal", "exchange_item",
			"2 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 for 2 × Harbor Stoneware Mug (Charcoal / 12 oz)",
			[]string{"exchange Harbor Stoneware Mug×2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1006", "samuel.whitfield@example.com")
			if out := c.say(tc.ask); out.status(tc.tool) != "proposed" {
				t.Fatalf("nothing proposed: %+v", out.actions)
			}
			out := c.say(tc.correct)
			if !out.hasStatus(tc.tool, "proposed") || !strings.Contains(out.reply, tc.stated) {
				t.Fatalf("the correction stated no new proposal: %+v, %q", out.actions, out.reply)
			}
			if got := shopActions(t, base); len(got) != 0 {
				t.Fatalf("a correction ran something: %v", actionSummary(got))
			}
			c.say("yes")
			if got := actionSummary(shopActions(t, base)); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("shop actions %v, want %v", got, tc.want)
			}
		})
	}
}

// hasStatus reports whether the turn did status with tool.
func (o turnOut) hasStatus(tool, status string) bool {
	for _, a := range o.actions {
		if a["tool"] == tool && a["status"] == status {
			return true
		}
	}
	return false
}

// Issue 16 re-trial: two requests in one message. The first is handled
// (asked, then stated), the reply says the other comes next; after the
// first is settled, the other is stated without the customer repeating
// it, each with its own yes; a bare yes never runs what was not stated.
func TestTwoRequestsInOneMessage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		turns []string
		want  []string
	}{
		{"both confirmed", []string{"a replacement please", "yes", "yes"},
			[]string{"replacement Harbor Stoneware Mug×1", "return Pour-Over Coffee Kit×1"}},
		{"first declined", []string{"a replacement please", "no", "yes"},
			[]string{"return Pour-Over Coffee Kit×1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1006", "samuel.whitfield@example.com")
			out := c.say("the mug arrived cracked, and I also want to return the coffee kit")
			if !strings.Contains(out.reply, "replacement of 1 × Harbor Stoneware Mug") || !strings.Contains(out.reply, "I'll set out the return of 1 × Pour-Over Coffee Kit (Walnut) next") {
				t.Fatalf("reply %q: want the mug asked about and the kit's return said to come next", out.reply)
			}
			if !out.hasStatus("start_return", "queued_next") || out.hasStatus("start_return", "proposed") {
				t.Fatalf("actions %+v: want the kit's return kept for next, not stated", out.actions)
			}
			if out := c.say(tc.turns[0]); !out.hasStatus("report_damage", "proposed") {
				t.Fatalf("actions %+v: want the replacement stated", out.actions)
			}
			for i, text := range tc.turns[1:] {
				out := c.say(text)
				if i == 0 && !strings.Contains(out.reply, "Now your other request: I'll start a return of 1 × Pour-Over Coffee Kit (Walnut)") {
					t.Fatalf("reply %q: want the kit's return stated next", out.reply)
				}
			}
			if got := actionSummary(shopActions(t, base)); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("shop actions %v, want %v", got, tc.want)
			}
		})
	}
}
