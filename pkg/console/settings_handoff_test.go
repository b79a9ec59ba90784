package console_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// TestSettingsSaveKeepsHandoffWorking: after the merchant saves settings
// (which supersedes the policy copy in the customer's context), a
// conversation waiting for a person still takes a person's reply, the
// customer's own message and the resolve, each saved; and once the
// person resolved it, the agent answers again under the policy as saved.
func TestSettingsSaveKeepsHandoffWorking(t *testing.T) {
	e := newEnv(t)
	e.con.Handoffs = console.Escalations{S: e.r.Escalation}
	e.chat = e.r.Chat.Handler()
	cust := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	cust.say("where is my order #1003?") // builds the context, copying the policy
	cust.say("my skillet from order #1003 has a crack in it, I want to talk to a person")
	if code := e.call(t, e.staff, http.MethodPost, "/dev/clock", map[string]string{"advance": "1m"}, nil); code != http.StatusOK {
		t.Fatalf("advance: %d", code)
	}
	var id string
	for _, m := range e.outbox(t) {
		if mm := regexp.MustCompile(`/console/handoffs/(\S+)`).FindStringSubmatch(m.Text); mm != nil && m.To == "team@hearthandharbor.example" {
			id = mm[1]
		}
	}
	if id == "" {
		t.Fatal("no handoff mailed to staff")
	}
	save := func() {
		t.Helper()
		var got struct {
			Settings settings.Settings `json:"settings"`
		}
		e.call(t, e.staff, http.MethodGet, "/console/api/settings", nil, &got)
		if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", got.Settings, &got); code != http.StatusOK {
			t.Fatalf("save settings: %d", code)
		}
	}
	saved := func(role conversation.Role, text string) bool {
		for _, m := range cust.transcript() {
			if m.Role == role && m.Text == text {
				return true
			}
		}
		return false
	}
	for _, step := range []struct {
		name string
		do   func() int
		role conversation.Role
		text string
	}{
		{"a person's reply", func() int {
			return e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+id+"/reply", map[string]string{"text": "We're sending a new skillet."}, nil)
		}, conversation.RoleStaff, "We're sending a new skillet."},
		{"the customer's message", func() int {
			return cust.do(http.MethodPost, "/v1/conversations/"+cust.id+"/messages", map[string]string{"text": "thank you, when will it ship?"}, nil)
		}, conversation.RoleCustomer, "thank you, when will it ship?"},
		{"resolve", func() int {
			return e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+id+"/resolve", map[string]string{"note": "new skillet sent"}, nil)
		}, "", ""},
	} {
		save()
		if code := step.do(); code != http.StatusOK {
			t.Errorf("%s after a settings save: %d, want 200", step.name, code)
		} else if step.text != "" && !saved(step.role, step.text) {
			t.Errorf("%s after a settings save: not in the conversation", step.name)
		}
	}
	save()
	if reply := cust.say("where is my order #1003?"); reply == "" {
		t.Error("after the resolve and a settings save, the agent does not answer")
	}
}
