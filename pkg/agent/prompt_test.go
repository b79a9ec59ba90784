package agent_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// The static prompt tells the model to answer in the customer's language
// and keep facts exact when it translates tool results.
func TestSystemPromptLanguage(t *testing.T) {
	p := agent.SystemPrompt(policy.Default())
	for _, want := range []string{"language of the customer's last message", "keeping order numbers, tracking numbers, amounts and dates exact"} {
		if !strings.Contains(p, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, p)
		}
	}
}
