package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// The deployment's SLA (the EscalationSla parameter, ESCALATION_SLA) is a
// handoff's SLA until the merchant sets one in the console; then the
// console's wins.
func TestDeploymentSLAUntilTheMerchantSetsOne(t *testing.T) {
	tests := []struct {
		name     string
		deployed time.Duration
		console  int // hours saved in the console; 0: never saved
		want     time.Duration
	}{
		{"deployment's whole hours", 6 * time.Hour, 0, 6 * time.Hour},
		{"deployment's minutes", 90 * time.Minute, 0, 90 * time.Minute},
		{"none deployed", 0, 0, 4 * time.Hour},
		{"the console's", 6 * time.Hour, 2, 2 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			clk := clock.NewFixed(now)
			shop := &demoshop.Shop{Store: st, Clock: clk}
			flows := localflow.New(st, clk, nil)
			a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: shop, Resolver: shop,
				Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: flows,
				Secrets: intake.SecretMap{"s": []byte("k")}},
				app.Config{Shop: "s", Policy: policy.Default(), Escalation: escalation.Settings{SLA: tc.deployed}})
			if err != nil {
				t.Fatal(err)
			}
			steps, err := a.Steps(workflow.Escalation)
			if err != nil {
				t.Fatal(err)
			}
			if err := flows.RegisterMachine(workflow.Escalation, steps); err != nil {
				t.Fatal(err)
			}
			if tc.console > 0 {
				set, err := a.Settings.Get(ctx, "s")
				if err != nil {
					t.Fatal(err)
				}
				set.Notifications.SLAHours = tc.console
				if _, err := a.Settings.Put(ctx, "s", set, "owner@example.com"); err != nil {
					t.Fatal(err)
				}
			}
			h, err := a.Escalation.Open(ctx, escalation.Request{Shop: "s", Kind: escalation.KindHandoff, CustomerEmail: "c@example.com",
				Order: "#1001", Reason: "asked for a person", Key: "k"})
			if err != nil {
				t.Fatal(err)
			}
			if got := h.SLADue.Sub(now); got != tc.want {
				t.Errorf("SLA = %v, want %v", got, tc.want)
			}
		})
	}
}
