package stack

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

func TestAllowed(t *testing.T) {
	table := "arn:aws:dynamodb:us-east-1:123456789012:table/T"
	pols := []Policy{{Statement: []Statement{
		{Effect: "Allow", Actions: []string{"dynamodb:GetItem", "dynamodb:Query"}, Resources: []string{table, table + "/index/*"}},
		{Effect: "Allow", Actions: []string{"ses:SendEmail"}, Resources: []string{"arn:aws:ses:us-east-1:123456789012:identity/*"},
			Condition: map[string]map[string][]string{"StringEquals": {"ses:FromAddress": {"support@shop.example"}}}},
		{Effect: "Deny", Actions: []string{"dynamodb:Query"}, Resources: []string{table + "/index/secret"}},
		{Effect: "Allow", Actions: []string{"sns:Publish"}, Resources: []string{"*"}},
		{Effect: "Deny", Actions: []string{"sns:Publish"}, Resources: []string{"arn:aws:sns:*:*:*"}},
	}}}
	tests := []struct {
		name, action, resource string
		ctx                    map[string]string
		want                   bool
	}{
		{"named action on the table", "dynamodb:GetItem", table, nil, true},
		{"action names are case-insensitive", "DynamoDB:getitem", table, nil, true},
		{"an index through the wildcard", "dynamodb:Query", table + "/index/gsi1", nil, true},
		{"explicit deny wins", "dynamodb:Query", table + "/index/secret", nil, false},
		{"another table", "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Other", nil, false},
		{"an action not granted", "dynamodb:PutItem", table, nil, false},
		{"condition holds", "ses:SendEmail", "arn:aws:ses:us-east-1:123456789012:identity/shop.example", map[string]string{"ses:FromAddress": "support@shop.example"}, true},
		{"condition fails", "ses:SendEmail", "arn:aws:ses:us-east-1:123456789012:identity/shop.example", map[string]string{"ses:FromAddress": "x@shop.example"}, false},
		{"condition key absent", "ses:SendEmail", "arn:aws:ses:us-east-1:123456789012:identity/shop.example", nil, false},
		{"a text to a phone number (no resource)", "sns:Publish", "*", nil, true},
		{"a deny naming topics keeps topics out", "sns:Publish", "arn:aws:sns:us-east-1:123456789012:alarms", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Allowed(pols, tc.action, tc.resource, tc.ctx); got != tc.want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", tc.action, tc.resource, got, tc.want)
			}
		})
	}
}

func TestRouteMatch(t *testing.T) {
	routes := []Route{
		{Method: "POST", Path: "/v1/conversations", Function: "A"},
		{Method: "POST", Path: "/v1/conversations/{id}/messages", Function: "B"},
		{Method: "ANY", Path: "/console/api/{proxy+}", Function: "C"},
		{Method: "GET", Path: "/console/{proxy+}", Function: "D"},
		{Method: "GET", Path: "/console", Function: "E"},
	}
	tests := []struct {
		method, path, want string
		params             map[string]string
	}{
		{"POST", "/v1/conversations", "A", nil},
		{"POST", "/v1/conversations/c1/messages", "B", map[string]string{"id": "c1"}},
		{"GET", "/v1/conversations/c1/messages", "", nil},
		{"PUT", "/console/api/settings", "C", map[string]string{"proxy": "settings"}},
		{"GET", "/console/api/queue", "C", map[string]string{"proxy": "queue"}},
		{"GET", "/console/outreach", "D", map[string]string{"proxy": "outreach"}},
		{"GET", "/console", "E", nil},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			got, best := "", -1
			var params map[string]string
			for _, rt := range routes {
				if p, score, ok := rt.match(tc.method, tc.path); ok && score > best {
					got, best, params = rt.Function, score, p
				}
			}
			if got != tc.want {
				t.Fatalf("routed to %q, want %q", got, tc.want)
			}
			for k, v := range tc.params {
				if params[k] != v {
					t.Errorf("param %s = %q, want %q", k, params[k], v)
				}
			}
		})
	}
}

func TestMatchPattern(t *testing.T) {
	ev := map[string]any{"eventName": "INSERT", "dynamodb": map[string]any{"NewImage": map[string]any{"pk": map[string]any{"S": "OUTBOX#1"}}}}
	tests := []struct {
		pattern string
		want    bool
	}{
		{`{"eventName":["INSERT"]}`, true},
		{`{"eventName":["MODIFY","REMOVE"]}`, false},
		{`{"dynamodb":{"NewImage":{"pk":{"S":[{"prefix":"OUTBOX#"}]}}}}`, true},
		{`{"dynamodb":{"NewImage":{"pk":{"S":[{"prefix":"ORDER#"}]}}}}`, false},
		{`{"dynamodb":{"OldImage":{"pk":{"S":[{"exists":false}]}}}}`, false},
		{`{"eventName":[{"anything-but":["REMOVE"]}]}`, true},
		{`{"missing":[{"exists":false}]}`, true},
	}
	for _, tc := range tests {
		var p map[string]any
		if err := json.Unmarshal([]byte(tc.pattern), &p); err != nil {
			t.Fatal(err)
		}
		if got := MatchPattern(p, ev); got != tc.want {
			t.Errorf("MatchPattern(%s) = %v, want %v", tc.pattern, got, tc.want)
		}
	}
}

// A value's own pattern matches it, and no pattern panics.
func FuzzMatchPattern(f *testing.F) {
	f.Add(`{"a":["x"]}`, `{"a":"x"}`)
	f.Add(`{"a":{"b":[{"prefix":"p"}]}}`, `{"a":{"b":"pq"}}`)
	f.Add(`{"a":[{"anything-but":[1,2]}]}`, `{"a":3}`)
	f.Fuzz(func(t *testing.T, pattern, event string) {
		var p, e map[string]any
		if json.Unmarshal([]byte(pattern), &p) != nil || json.Unmarshal([]byte(event), &e) != nil {
			return
		}
		_ = MatchPattern(p, e)
		for k, v := range e {
			if _, isMap := v.(map[string]any); isMap {
				continue
			}
			if _, isList := v.([]any); isList {
				continue
			}
			if !MatchPattern(map[string]any{k: []any{v}}, e) {
				t.Errorf("%s: [%v] does not match its own value", k, v)
			}
		}
	})
}

// The access key and service come from the credential scope, whatever else
// the header holds.
func FuzzKeyAndService(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKID/20261205/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc")
	f.Add("Bearer x")
	f.Fuzz(func(t *testing.T, header string) {
		key, service := KeyAndService(header)
		if key == "" {
			return
		}
		if !strings.Contains(header, "Credential="+key+"/") || !strings.Contains(header, "/"+service+"/") || strings.Contains(key, "/") {
			t.Errorf("KeyAndService(%q) = %q, %q", header, key, service)
		}
	})
}

// The fake Bedrock reads what the real adapter sends and writes what it
// reads: a response survives ConverseResponse -> request JSON -> ConverseRequest.
func TestConverseRoundTrip(t *testing.T) {
	resp := agent.Response{StopReason: agent.StopToolUse, Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{
		{Text: "checking"}, {ToolUse: &agent.ToolUse{ID: "t1", Name: "track_order", Input: json.RawMessage(`{"order_number":"#1003"}`)}}}}}
	out := ConverseResponse(resp)
	msg := out["output"].(map[string]any)["message"]
	body, _ := json.Marshal(map[string]any{
		"system":   []any{map[string]any{"text": "sys"}, map[string]any{"cachePoint": map[string]any{"type": "default"}}, map[string]any{"text": "ctx"}},
		"messages": []any{msg, map[string]any{"role": "user", "content": []any{map[string]any{"toolResult": map[string]any{"toolUseId": "t1", "content": []any{map[string]any{"json": map[string]any{"ok": true}}}}}}}},
	})
	req, err := ConverseRequest(body)
	if err != nil {
		t.Fatal(err)
	}
	if req.System != "sys" || req.Context != "ctx" || len(req.Messages) != 2 {
		t.Fatalf("request %+v", req)
	}
	tu := req.Messages[0].Blocks[1].ToolUse
	if tu == nil || tu.Name != "track_order" || !strings.Contains(string(tu.Input), "#1003") {
		t.Errorf("tool use %+v", tu)
	}
	if tr := req.Messages[1].Blocks[0].ToolResult; tr == nil || string(tr.Content) != `{"ok":true}` {
		t.Errorf("tool result %+v", tr)
	}
}

func FuzzConverseRequest(f *testing.F) {
	f.Add(`{"messages":[{"role":"user","content":[{"text":"hi"}]}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := ConverseRequest([]byte(body))
		if err != nil {
			return
		}
		// Whatever was read can be answered.
		if _, err := json.Marshal(ConverseResponse(agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: req.System}}}})); err != nil {
			t.Fatal(err)
		}
	})
}

func TestShiftDates(t *testing.T) {
	in := []byte(`{"a":"2026-11-20T09:12:44-05:00","b":"not a date","c":"2026-11-19T22:40:05Z"}`)
	out := string(shiftDates(in, 24*time.Hour))
	if !strings.Contains(out, `"2026-11-21T09:12:44-05:00"`) || !strings.Contains(out, `"2026-11-20T22:40:05Z"`) || !strings.Contains(out, `"not a date"`) {
		t.Errorf("shifted: %s", out)
	}
}

// A SES v2 SendEmail is authorised as ses:SendEmail, and with raw content
// as ses:SendRawEmail too, both on the From address's identity.
func TestDescribeSESv2(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"simple", `{"FromEmailAddress":"Shop <support@shop.example>","Content":{"Simple":{}}}`, []string{"ses:SendEmail"}},
		{"raw", `{"FromEmailAddress":"support@shop.example","Content":{"Raw":{"Data":"eA=="}}}`, []string{"ses:SendEmail", "ses:SendRawEmail"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "http://ses.local/v2/email/outbound-emails", nil)
			var got []string
			for _, d := range (&Recorder{}).describe("ses", req, []byte(tt.body)) {
				got = append(got, d.Action)
				if d.Resource != "arn:aws:ses:"+Region+":"+AccountID+":identity/shop.example" || d.ctx["ses:FromAddress"] != "support@shop.example" {
					t.Errorf("%s on %s with %v", d.Action, d.Resource, d.ctx)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("actions %v, want %v", got, tt.want)
			}
		})
	}
}

// S3's bucket-level requests: DeleteObjects is authorised as
// s3:DeleteObject on each key; ListObjectsV2 as s3:ListBucket with the
// s3:prefix condition key.
func TestDescribeS3Bucket(t *testing.T) {
	for _, tt := range []struct {
		name, method, url, body string
		want                    []string // action resource prefix
	}{
		{"delete objects", http.MethodPost, "http://s3.local/photos-bkt?delete",
			`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>photos/chat/a/1.png</Key></Object><Object><Key>photos/email/a/2.png</Key></Object><Quiet>true</Quiet></Delete>`,
			[]string{"s3:DeleteObject arn:aws:s3:::photos-bkt/photos/chat/a/1.png ", "s3:DeleteObject arn:aws:s3:::photos-bkt/photos/email/a/2.png "}},
		{"list", http.MethodGet, "http://s3.local/photos-bkt?list-type=2&prefix=photos%2Fchat%2Fa%2F", "",
			[]string{"s3:ListBucket arn:aws:s3:::photos-bkt photos/chat/a/"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			var got []string
			for _, d := range (&Recorder{}).describe("s3", req, []byte(tt.body)) {
				got = append(got, d.Action+" "+d.Resource+" "+d.ctx["s3:prefix"])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("described %q, want %q", got, tt.want)
			}
		})
	}
	pol := []Policy{{Statement: []Statement{{Effect: "Allow", Actions: []string{"s3:ListBucket"}, Resources: []string{"arn:aws:s3:::b"},
		Condition: map[string]map[string][]string{"StringLike": {"s3:prefix": {"photos/*"}}}}}}}
	if !Allowed(pol, "s3:ListBucket", "arn:aws:s3:::b", map[string]string{"s3:prefix": "photos/chat/a/"}) ||
		Allowed(pol, "s3:ListBucket", "arn:aws:s3:::b", map[string]string{"s3:prefix": "inbound/"}) {
		t.Error("the s3:prefix condition does not decide the listing")
	}
}
