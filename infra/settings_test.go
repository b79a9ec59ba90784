package infra

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// settingsDefaults are the variables every function's settings defaults
// come from (pkg/app), each from its template parameter. A function
// without one shows built-in defaults in the console, and saving settings
// there would write those over the deployment's values.
var settingsDefaults = map[string]string{
	"DELIVERY_POLICY":           "!Ref DeliveryPolicy",
	"ESCALATION_SLA":            "!Ref EscalationSla",
	"OUTREACH_CHECKIN_AFTER":    "!Ref OutreachCheckInAfter",
	"OUTREACH_DISCOUNT_PERCENT": "!Ref OutreachDiscountPercent",
}

// Every function gets the same settings defaults, from Globals (one place),
// and none overrides them.
func TestEveryFunctionHasTheSettingsDefaults(t *testing.T) {
	tpl := loadTemplate(t)
	global := lookup(tpl.root, "Globals", "Function", "Environment", "Variables")
	for name, want := range settingsDefaults {
		if got := flat(lookup(global, name)); got != want {
			t.Errorf("Globals: %s = %q, want %q", name, got, want)
		}
	}
	fns := tpl.resources(serverlessFunction)
	if len(fns) == 0 {
		t.Fatal("no functions")
	}
	for _, fn := range fns {
		own := lookup(fn.node, "Properties", "Environment", "Variables")
		for name, want := range settingsDefaults {
			if n := lookup(own, name); n != nil {
				t.Errorf("%s: sets %s itself (%s); it belongs in Globals only", fn.id, name, flat(n))
			}
			if got := tpl.environment(fn)[name]; got != want {
				t.Errorf("%s: %s = %q, want %q", fn.id, name, got, want)
			}
		}
	}
}

// A parameter value CloudFormation accepts must be one the functions
// accept at start: otherwise the deploy succeeds and every function fails.
// (The pattern may refuse more than the code: "1h30m" works but need not
// be offered.)
func TestDurationParametersMatchTheCode(t *testing.T) {
	tpl := loadTemplate(t)
	tests := []struct {
		param, env string
		load       func() error
		fits       []string // the pattern must take these
		values     []string // the pattern takes only those the code takes
	}{
		{"EscalationSla", "ESCALATION_SLA", func() error { _, err := escalation.SettingsFromEnv(); return err },
			[]string{"4h", "90m", "1m", "999999h"},
			[]string{"0h", "0m", "00h", "4", "4d", "1h30m", "-4h", "4.5h", "9999999999h", "4H"}},
		{"OutreachCheckInAfter", "OUTREACH_CHECKIN_AFTER", func() error { _, err := outreach.SettingsFromEnv(); return err },
			[]string{"120h", "1h", "999999h"},
			[]string{"0h", "90m", "120", "5d", "-1h", "9999999999h"}},
	}
	for _, tt := range tests {
		pattern := scalar(lookup(tpl.root, "Parameters", tt.param, "AllowedPattern"))
		re, err := regexp.Compile(pattern)
		if pattern == "" || err != nil {
			t.Errorf("%s AllowedPattern %q: %v", tt.param, pattern, err)
			continue
		}
		def := scalar(lookup(tpl.root, "Parameters", tt.param, "Default"))
		for _, v := range append(append([]string{def}, tt.fits...), tt.values...) {
			t.Run(tt.param+"="+v, func(t *testing.T) {
				t.Setenv(tt.env, v)
				err := tt.load()
				if re.MatchString(v) && err != nil {
					t.Errorf("%s=%q passes the pattern but the functions refuse it: %v", tt.param, v, err)
				}
			})
		}
		for _, v := range append([]string{def}, tt.fits...) {
			if !re.MatchString(v) {
				t.Errorf("%s=%q: the pattern refuses it", tt.param, v)
			}
		}
	}
}

// The DeliveryPolicy default parses and is a valid policy (pkg/delivery
// reads it the same way: JSON into watch.Policy, then Validate).
func TestDeliveryPolicyDefaultParses(t *testing.T) {
	tpl := loadTemplate(t)
	def := scalar(lookup(tpl.root, "Parameters", "DeliveryPolicy", "Default"))
	p := watch.DefaultPolicy()
	if def != "" {
		if err := json.Unmarshal([]byte(def), &p); err != nil {
			t.Fatalf("DeliveryPolicy default %q: %v", def, err)
		}
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("DeliveryPolicy default %q: %v", def, err)
	}
}
