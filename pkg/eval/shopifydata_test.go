package eval_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// demoOrders is the demo shop's orders as the webhooks carry them: a
// merchant's own export looks like this.
const demoOrders = "../../events/shopify/orders"

// LoadData tells the formats apart by content: a folder or a file of
// Shopify orders (one order, an array, {"orders": [...]}), tau-bench's
// folder; anything else is refused saying what it is.
func TestLoadData(t *testing.T) {
	dir := t.TempDir()
	one, err := os.ReadFile(filepath.Join(demoOrders, "1003.json"))
	if err != nil {
		t.Fatal(err)
	}
	two, err := os.ReadFile(filepath.Join(demoOrders, "1006.json"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var noEmail map[string]any
	if err := json.Unmarshal(one, &noEmail); err != nil {
		t.Fatal(err)
	}
	delete(noEmail, "email")
	delete(noEmail, "contact_email")
	delete(noEmail, "customer")
	noEmailJSON, _ := json.Marshal(noEmail)
	write("twice/a.json", string(one))
	write("twice/b.json", string(one))
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		path   string
		orders []string // the order names read, or
		err    string   // a fragment of the error
	}{
		{"the demo shop's folder", demoOrders, []string{"#1001", "#1003", "#1006", "#1011"}, ""},
		{"one order", write("one.json", string(one)), []string{"#1003"}, ""},
		{"an array", write("array.json", "["+string(one)+","+string(two)+"]"), []string{"#1003", "#1006"}, ""},
		{"the REST list", write("list.json", `{"orders":[`+string(one)+","+string(two)+"]}"), []string{"#1003", "#1006"}, ""},
		{"tau-bench folder", "data", []string{"#W2611340"}, ""},
		{"tau-bench orders.json alone", "data/orders.json", nil, "tau-bench's orders.json"},
		{"tau-bench users.json alone", "data/users.json", nil, "tau-bench's users.json"},
		{"not an order", write("other.json", `{"products":[{"id":1,"title":"Mug"}]}`), nil, "not a Shopify order"},
		{"not JSON", write("orders.csv", "Name,Email\n#1001,a@example.com\n"), nil, "not JSON"},
		{"empty file", write("empty.json", "  "), nil, "empty file"},
		{"no email", write("noemail.json", string(noEmailJSON)), nil, "no customer email"},
		{"an order twice", filepath.Join(dir, "twice"), nil, "#1003 is given twice"},
		{"empty folder", filepath.Join(dir, "empty"), nil, "no *.json file"},
		{"no such path", filepath.Join(dir, "nowhere"), nil, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := eval.LoadData(tc.path)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("LoadData(%s): error %v, want one saying %q", tc.path, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadData(%s): %v", tc.path, err)
			}
			if got, want := d.FromShopify(), !strings.HasPrefix(tc.orders[0], "#W"); got != want {
				t.Errorf("FromShopify() = %v, want %v", got, want)
			}
			for _, name := range tc.orders {
				start := map[string]string{"order_number": name}
				if !d.FromShopify() {
					start["order_number"] = eval.ShopifyName(name) // tau-bench's "#W…" as the shop names it
				}
				if err := d.Check([]eval.Scenario{{ID: "x", Start: start}}); err != nil {
					t.Errorf("order %s not read: %v", name, err)
				}
			}
			if err := d.Check([]eval.Scenario{{ID: "x", Start: map[string]string{"order_number": "#99999999"}}}); err == nil {
				t.Error("an order not in the file passed the check")
			}
		})
	}
}

// A merchant's own orders: a persona plays against the demo shop's orders
// seeded as written, judged by the same checks (the tracking number they
// asked for, from the order's own fulfillment).
func TestSimulateOnShopOrders(t *testing.T) {
	data, err := eval.LoadData(demoOrders)
	if err != nil {
		t.Fatal(err)
	}
	personas := []eval.Persona{{ID: "shop-status-01", Kind: "where_is_my_order",
		Persona: "Daniel Reyes. Your email is daniel.reyes@example.com; your order is #1003.",
		Goal:    "Find out where your order is and get its tracking number.",
		Expect:  eval.Expect{Mention: []string{"1Z9HH4870345612786"}}}}
	if err := data.CheckPersonas(personas); err != nil {
		t.Fatal(err)
	}
	srv := scriptedCustomer(t)
	client := bedrockruntime.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")},
		func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	rep, err := eval.Simulate(t.Context(), eval.SimConfig{Config: eval.Config{Data: data, Model: offline.Model{}, ModelID: "offline"},
		Personas: personas, Customer: bedrock.New(client, "fake-customer"), CustomerID: "fake-customer"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || !rep.Results[0].Pass || len(rep.Results[0].Replies) == 0 {
		t.Fatalf("results %+v, want the persona to pass", rep.Results)
	}
	t.Logf("turns %q, replies %q", rep.Results[0].Turns, rep.Results[0].Replies)
	// The same persona on an order of someone else's fails the check
	// before anything runs.
	personas[0].Persona = strings.ReplaceAll(personas[0].Persona, "#1003", "#1")
	personas[0].Start = map[string]string{"email": "daniel.reyes@example.com", "order_number": "#4242"}
	if err := data.CheckPersonas(personas); err == nil || !strings.Contains(err.Error(), "#4242") {
		t.Errorf("CheckPersonas: %v, want #4242 named as not in the data", err)
	}
}

// Whatever the bytes, ParseShopifyOrders either refuses them or gives
// orders each with a name, an email and its own JSON, which read again
// (alone, or all of them as an array) give the same orders.
func FuzzParseShopifyOrders(f *testing.F) {
	one, err := os.ReadFile(filepath.Join(demoOrders, "1011.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(one)
	f.Add([]byte(`{"orders":[{"id":1,"name":"#1","email":"a@b.c","line_items":[{"title":"Mug","price":"1.00"}]}]}`))
	f.Add([]byte(`[{"id":1,"order_number":7,"contact_email":"a@b.c","line_items":[{"title":"Mug","price":"1.00","quantity":2}]}]`))
	f.Add([]byte(`{"W1":{"order_id":"#W1","user_id":"u","items":[]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := eval.ParseShopifyOrders(b)
		if err != nil {
			return
		}
		if len(got) == 0 {
			t.Fatal("no error and no orders")
		}
		var raws []json.RawMessage
		for _, o := range got {
			if o.Name == "" || o.Email == "" || !json.Valid(o.Raw) {
				t.Fatalf("order %+v: want a name, an email and valid JSON", o)
			}
			again, err := eval.ParseShopifyOrders(o.Raw)
			if err != nil || len(again) != 1 || again[0].Name != o.Name || again[0].Email != o.Email {
				t.Fatalf("order %s read alone: %v, %+v", o.Name, err, again)
			}
			raws = append(raws, o.Raw)
		}
		all, _ := json.Marshal(raws)
		again, err := eval.ParseShopifyOrders(all)
		if err != nil || len(again) != len(got) {
			t.Fatalf("the orders as an array: %v, %d orders, want %d", err, len(again), len(got))
		}
	})
}
