package agent_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Every policy setting the console shows changes what the agent does or
// says (auto_returns and store_credit_bonus_percent: see proposal_test.go).
func TestPolicySettingsTakeEffect(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *policy.Policy)
		text  string
		calls []func(agent.Request) (agent.Response, error)
		check func(t *testing.T, f *fixture, req agent.Request, result string)
	}{
		{"return window", func(p *policy.Policy) { p.ReturnWindowDays = 2 }, "return the coffee kit from #1003",
			[]func(agent.Request) (agent.Response, error){use(toolname.StartReturn, kit), say("ok")},
			func(t *testing.T, f *fixture, req agent.Request, result string) {
				// Every order is past a 2-day window: start_return is not
				// offered, or, called, refuses.
				if !strings.Contains(result, "2-day return window closed") && !strings.Contains(result, "tool_not_available") || !strings.Contains(req.System, "returns within 2 days") {
					t.Errorf("result %s\nsystem %s", result, req.System)
				}
			}},
		{"refund limit", func(p *policy.Policy) { p.RefundAutoLimit = 5000 }, "return the coffee kit from #1003",
			[]func(agent.Request) (agent.Response, error){use(toolname.StartReturn, kit), say("ok")},
			func(t *testing.T, f *fixture, req agent.Request, result string) {
				if !strings.Contains(result, "approves requests like this one") {
					t.Errorf("a $64 return under a $50 limit: %s", result)
				}
			}},
		{"automatic address changes off", func(p *policy.Policy) { p.AutoAddressChange = false }, "ship #1002 to 1 A St, Portland, OR 97201",
			[]func(agent.Request) (agent.Response, error){use(toolname.ChangeAddress, `{"order_number":"#1002","address1":"1 A St","city":"Portland","province":"OR","zip":"97201"}`), say("ok")},
			func(t *testing.T, f *fixture, req agent.Request, result string) {
				if !strings.Contains(result, "approves requests like this one") {
					t.Errorf("result %s", result)
				}
			}},
		{"shop name, voice, sign-off", func(p *policy.Policy) {
			p.ShopName, p.Voice, p.SignOff = "Tidewater Goods", "cheerful and nautical", "Fair winds, the Tidewater crew"
		}, "hello", []func(agent.Request) (agent.Response, error){say("hi")},
			func(t *testing.T, f *fixture, req agent.Request, result string) {
				for _, w := range []string{"Tidewater Goods", "cheerful and nautical", "Fair winds, the Tidewater crew"} {
					if !strings.Contains(req.System, w) {
						t.Errorf("system prompt lacks %q", w)
					}
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			p := policy.Default()
			tt.edit(&p)
			f.agent.Policies = agent.StaticPolicy(p)
			c := adaConv()
			f.turn(t, c, tt.text, 1, tt.calls...)
			result := ""
			for _, r := range f.model.reqs {
				for _, m := range r.Messages {
					for _, b := range m.Blocks {
						if b.ToolResult != nil {
							result = string(b.ToolResult.Content)
						}
					}
				}
			}
			tt.check(t, f, f.model.reqs[0], result)
		})
	}
}
