package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A merchant's policy file: a misspelt field or a value the console would
// refuse is an error naming it.
func TestReadPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
		window           int
	}{
		{"valid", `{"return_window_days": 14, "auto_returns": false}`, "", 14},
		{"defaults kept", `{"shop_name": "Hearth & Harbor"}`, "", 30},
		{"misspelt field", `{"return_window_dayz": 14}`, `unknown field "return_window_dayz"`, 0},
		{"negative window", `{"return_window_days": -5}`, "return_window_days must be from 0 to 365", 0},
		{"window too long", `{"return_window_days": 1000}`, "return_window_days must be from 0 to 365", 0},
		{"negative limit", `{"refund_auto_limit": -1}`, "refund_auto_limit must be from 0", 0},
		{"bonus over 100", `{"store_credit_bonus_percent": 150}`, "store_credit_bonus_percent must be from 0 to 100", 0},
		{"not json", `return_window_days: 14`, "read policy", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "policy.json")
			if err := os.WriteFile(name, []byte(tc.file), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := readPolicy(name)
			if tc.want == "" {
				if err != nil || p.ReturnWindowDays != tc.window {
					t.Fatalf("readPolicy = window %d, %v; want %d", p.ReturnWindowDays, err, tc.window)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), name) {
				t.Fatalf("readPolicy error %v, want one naming %s and %q", err, name, tc.want)
			}
		})
	}
}

func TestSimulateErrors(t *testing.T) {
	dir := t.TempDir()
	evalReport := filepath.Join(dir, "report.json")
	sim := filepath.Join(dir, "sim.json")
	for name, body := range map[string]string{
		evalReport: `{"model_id":"offline","tries":1,"k":1,"scenarios":1,"results":[]}`,
		sim:        `{"kind":"simulation","model_id":"offline","customer_model_id":"c","results":[]}`,
	} {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	policyFile := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(policyFile, []byte(`{"return_window_dayz": 14}`), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	notOrders := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(notOrders, []byte("Name,Email\n#1001,a@example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const shopOrders = "../../events/shopify/orders"
	personas := filepath.Join(dir, "personas")
	if err := os.MkdirAll(personas, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(personas, "mine.json"), []byte(`{"personas":[{"id":"p1","kind":"status","persona":"Your email is a@example.com; your order is #4242.","goal":"Where is it?",`+
		`"start":{"email":"a@example.com","order_number":"#4242"}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"personas folder missing", []string{"-model", "offline", "-personas", "/nonexistent/personas"}, "/nonexistent/personas"},
		{"personas folder empty", []string{"-model", "offline", "-personas", empty}, "no personas"},
		{"docs folder missing", []string{"-model", "offline", "-docs", "/nonexistent/docs"}, "/nonexistent/docs"},
		{"policy misspelt", []string{"-model", "offline", "-policy", policyFile}, "return_window_dayz"},
		{"compare an eval report", []string{"-compare", evalReport, sim}, "report.json: this is an eval report"},
		{"compare one file", []string{"-compare", sim}, "usage: doorstep simulate -compare"},
		{"no tries", []string{"-model", "offline", "-k", "0"}, "-k 0: want 1 or more"},
		{"data neither Shopify nor tau-bench", []string{"-model", "offline", "-data", notOrders}, "orders.csv: not JSON"},
		{"tau-bench orders.json alone", []string{"-model", "offline", "-data", "../../pkg/eval/data/orders.json"}, "tau-bench's orders.json"},
		{"shop orders without personas", []string{"-model", "offline", "-data", shopOrders}, "give yours with -personas"},
		{"shop orders, a persona on an order not in them", []string{"-model", "offline", "-data", shopOrders, "-personas", personas}, "#4242 is not in the eval data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runSimulate(t.Context(), tc.args, &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("simulate %v: error %v, want one naming %q", tc.args, err, tc.want)
			}
		})
	}
}
