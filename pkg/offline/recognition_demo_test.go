package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A second no-context trial's misses, on the demo shop, in words other
// than the trial's and the eval's: each request is recognised (the tool it
// calls) and each question of a message answered.
func TestRecognitionOnDemoShop(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		samuel = "samuel.whitfield@example.com"
		marcus = "marcus.johnson@example.com"
	)
	tests := []struct {
		name         string
		order, email string
		before       []string
		text         string
		tools        []string          // called this turn
		notTools     []string          // not called this turn
		args         map[string]string // tool.key: a fragment of its JSON argument
		reply        []string          // fragments of the reply
		section      string            // the docs answer quotes this section
	}{
		{name: "call it off", order: "#1001", email: maya, text: "please void my order, I changed my mind", tools: []string{toolname.CancelOrder}},
		{name: "cancel in Spanish", order: "#1001", email: maya, text: "Necesito cancelar el pedido", tools: []string{toolname.CancelOrder}},
		{name: "cancel in German", order: "#1001", email: maya, text: "Ich will die Bestellung stornieren", tools: []string{toolname.CancelOrder}},
		{name: "cancel in French", order: "#1001", email: maya, text: "Annulez ma commande svp", tools: []string{toolname.CancelOrder}},
		{name: "arrival in slang", order: "#1003", email: daniel, text: "how long til it gets here", tools: []string{toolname.TrackOrder},
			notTools: []string{toolname.SearchDocs}},
		{name: "damage in Spanish", order: "#1006", email: samuel, text: "La cafetera llegó dañada", tools: []string{toolname.ReportDamage}},
		{name: "damage in German", order: "#1006", email: samuel, text: "Die Tasse ist zerbrochen angekommen", tools: []string{toolname.ReportDamage}},
		{name: "damage in French", order: "#1006", email: samuel, text: "Ma tasse est arrivée fissurée", tools: []string{toolname.ReportDamage}},
		{name: "not there in Spanish", order: "#1006", email: samuel, text: "Pone entregado pero no la encuentro", tools: []string{toolname.ReportNotReceived}},
		{name: "not there in German", order: "#1006", email: samuel, text: "Als zugestellt markiert, aber nie angekommen", tools: []string{toolname.ReportNotReceived}},
		{name: "not there in French", order: "#1006", email: samuel, text: "Indiqué livré, mais je ne le vois pas", tools: []string{toolname.ReportNotReceived}},
		{name: "an item missing", order: "#1006", email: samuel, text: "a mug is missing from my parcel", tools: []string{toolname.ReportDamage},
			args: map[string]string{"report_damage.problem": "missing", "report_damage.items": "mug"}},
		{name: "the thing a fragment names", order: "#1006", email: samuel, before: []string{"how do I wash the mugs?"},
			text: "and the coffee kit? can it go in the dishwasher", tools: []string{toolname.SearchDocs}, section: "Pour-Over Coffee Kit"},
		{name: "tracking and a product question", order: "#1010", email: marcus,
			text:  "could you give me my tracking number, also wondering whether the throw can be machine washed",
			tools: []string{toolname.TrackOrder, toolname.SearchDocs}, reply: []string{"1Z", "Linen Throw"}},
		{name: "the delivery date and a return", order: "#1006", email: samuel, text: "when was it delivered and can I still send back the coffee kit?",
			tools: []string{toolname.TrackOrder, toolname.StartReturn}, reply: []string{"delivered on", "return"}},
		{name: "return window and refund timing", order: "#1006", email: samuel, text: "how many days is the return window, and when will refunds show up?",
			tools: []string{toolname.SearchDocs}, notTools: []string{toolname.StartReturn}, reply: []string{"30 days", "business days"}},
		{name: "return days in other words and refund timing", order: "#1006", email: samuel, text: "how many days have I got to send things back, and when do refunds usually land",
			tools: []string{toolname.SearchDocs}, notTools: []string{toolname.StartReturn}, reply: []string{"30 days", "business days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			for _, tool := range tt.tools {
				if !got.called(tool) {
					t.Errorf("tools %v, want %s", got.toolNames(), tool)
				}
			}
			for _, tool := range tt.notTools {
				if got.called(tool) {
					t.Errorf("tools %v, want no %s", got.toolNames(), tool)
				}
			}
			for k, v := range tt.args {
				tool, key, _ := strings.Cut(k, ".")
				if a := got.arg(tool, key); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
					t.Errorf("%s %s = %s, want %s", tool, key, a, v)
				}
			}
			for _, r := range tt.reply {
				if !strings.Contains(got.reply, r) {
					t.Errorf("reply %q, want it to hold %q", got.reply, r)
				}
			}
			if tt.section != "" && !strings.Contains(firstLine(got.reply), tt.section) {
				t.Errorf("reply quotes %q, want section %q", firstLine(got.reply), tt.section)
			}
		})
	}
}
