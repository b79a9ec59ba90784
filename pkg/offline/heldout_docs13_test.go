package offline_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// docs13Case is one of pkg/docs' held-out docs13 questions (issue 18):
// product and policy questions in English with typos, French, Spanish and
// German about the demo guides, written before reading pkg/docs and this
// model. The reply is judged by the guides' facts it gives: each of facts,
// none of not (another product's answer, or a passage of the same guide
// that answers something not asked), and with none no guide's text at all.
type docs13Case struct {
	ID    string   `json:"id"`
	Lang  string   `json:"lang"`
	Trial bool     `json:"trial"`
	Q     string   `json:"q"`
	Facts []string `json:"facts"`
	Not   []string `json:"not"`
	None  bool     `json:"none"`
}

// docs13Gaps are the cases the model still answers wrong, with why; a gap
// that passes fails its test, so the marks stay true.
var docs13Gaps = map[string]string{
	"en-kit-filters":       "'filtres' is not read as filters: the grind passage is quoted",
	"de-candle-total":      "how long is read as days, the compound noun not as its last noun",
	"es-candle-total":      "not read as a question for the guides",
	"fr-kit-grind":         "the grind word is not put into English",
	"de-kit-grind":         "the grind word is not put into English",
	"fr-skillet-rust":      "'ma poêle' is read as about the customer's order",
	"fr-mug-size":          "'contenance' is not put into English",
	"de-mug-size":          "'wie viel passt' and the compound noun are not read",
	"fr-skillet-induction": "not read as a question for the guides",
	"es-kit-ratio":         "not read as a question for the guides",
	"es-kit-dw":            "the carafe's words are not put into English: nothing found",
}

// flatText is s with its runs of white space made one space.
func flatText(s string) string { return strings.Join(strings.Fields(s), " ") }

// docs13Wrong is what is wrong with reply for c, or "".
func docs13Wrong(c docs13Case, reply string) string {
	low := strings.ToLower(flatText(reply))
	for _, f := range c.Facts {
		if !strings.Contains(low, strings.ToLower(f)) {
			return "reply lacks " + f
		}
	}
	for _, n := range c.Not {
		if strings.Contains(low, strings.ToLower(n)) {
			return "reply holds " + n
		}
	}
	if c.None {
		if o := guide10Others(reply, ""); len(o) > 0 {
			return "reply quotes a guide: " + strings.Join(o, ", ")
		}
	}
	return ""
}

func TestDocs13HeldOut(t *testing.T) {
	raw, err := os.ReadFile("../docs/testdata/docs13_questions.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []docs13Case
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatalf("read docs13 questions: %v", err)
	}
	failed := 0
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			base, log := demoStack(t)
			got := chat(t, base, log, "", "").say(c.Q)
			wrong := docs13Wrong(c, got.reply)
			for _, w := range writeTools {
				if got.called(w) {
					wrong = "called " + w
				}
			}
			if wrong != "" {
				failed++
			}
			gap, isGap := docs13Gaps[c.ID]
			switch {
			case isGap && wrong == "":
				t.Errorf("marked as a gap (%s) but passes: remove the mark", gap)
			case isGap:
				t.Logf("known gap (%s): %s", gap, wrong)
			case wrong != "":
				t.Errorf("%q: %s; reply %q", c.Q, wrong, got.reply)
			}
		})
	}
	t.Logf("docs13: %d of %d questions wrong through the offline model", failed, len(cases))
}
