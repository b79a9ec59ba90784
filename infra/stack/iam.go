package stack

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Call is one AWS request a principal made, as the recording proxy saw it.
type Call struct {
	Principal string // function logical id, "<id> (event source mapping)", or "unknown"
	Action    string // IAM action, e.g. dynamodb:GetItem
	Resource  string // the ARN the action is on, as far as the request says
	Denied    string // why it was denied ("" if allowed)
}

// Identity is what a set of credentials stands for.
type Identity struct {
	Name     string
	Policies []Policy // the role's inline and managed policies
}

// Recorder is a reverse proxy in front of moto that records, for every
// request signed with a known access key, the IAM action and resource, and
// checks the resource and conditions against the key's policies (moto checks
// the action only: see testdata/moto_stack.py). A request the policies do not
// allow is answered with AccessDenied, as AWS would; moto's own denials are
// recorded too.
type Recorder struct {
	target *url.URL
	proxy  *httputil.ReverseProxy
	log    *slog.Logger

	mu     sync.Mutex
	keys   map[string]*Identity // access key id -> identity
	calls  []Call
	tokens map[string]string // task token -> state machine ARN
	iters  map[string]string // shard iterator -> stream ARN
	queues map[string]string // queue URL path (/<account>/<name>) -> queue ARN
}

// NewRecorder proxies to moto at target.
func NewRecorder(target string, log *slog.Logger) (*Recorder, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	r := &Recorder{target: u, log: log, keys: map[string]*Identity{}, tokens: map[string]string{}, queues: map[string]string{}, iters: map[string]string{}}
	r.proxy = httputil.NewSingleHostReverseProxy(u)
	r.proxy.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	return r, nil
}

// Register says that access key id signs for ident.
func (r *Recorder) Register(keyID string, ident *Identity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys[keyID] = ident
}

// Queue tells the recorder a queue's URL and ARN.
func (r *Recorder) Queue(queueURL, arn string) {
	u, err := url.Parse(queueURL)
	if err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queues[u.Path] = arn
}

// TaskToken tells the recorder which state machine a task token is from
// (SendTaskSuccess is authorised on the state machine).
func (r *Recorder) TaskToken(token, stateMachineARN string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tokens[token] = stateMachineARN
}

// Iterator tells the recorder which stream a shard iterator reads
// (GetRecords names only the iterator).
func (r *Recorder) Iterator(it, streamARN string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.iters[it] = streamARN
}

// Calls returns what was recorded so far.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Call(nil), r.calls...)
}

// Len is how many calls were recorded so far.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// Drop forgets the calls recorded from index from on (the harness's own
// deliberate denials).
func (r *Recorder) Drop(from int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if from < len(r.calls) {
		r.calls = r.calls[:from]
	}
}

// Record adds a call seen elsewhere (the fake Bedrock), checked against
// the signer's policies. It returns the reason it is denied, or "".
func (r *Recorder) Record(keyID, action, resource string, ctx map[string]string) string {
	r.mu.Lock()
	ident := r.keys[keyID]
	r.mu.Unlock()
	if ident == nil {
		return ""
	}
	denied := ""
	if !Allowed(ident.Policies, action, resource, ctx) {
		denied = "no statement of the role allows it on " + resource
		r.log.Error("AWS CALL DENIED", "principal", ident.Name, "action", action, "resource", resource)
	}
	r.mu.Lock()
	r.calls = append(r.calls, Call{Principal: ident.Name, Action: action, Resource: resource, Denied: denied})
	r.mu.Unlock()
	return denied
}

var credRe = regexp.MustCompile(`Credential=([^/]+)/[^/]+/[^/]+/([^/]+)/`)

// KeyAndService reads the access key id and service from a SigV4 header.
func KeyAndService(auth string) (key, service string) {
	m := credRe.FindStringSubmatch(auth)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	key, service := KeyAndService(req.Header.Get("Authorization"))
	r.mu.Lock()
	ident := r.keys[key]
	r.mu.Unlock()
	if ident == nil {
		r.proxy.ServeHTTP(w, req)
		return
	}
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	reqs := r.describe(service, req, body)
	var denied []Call
	for _, c := range reqs {
		c.Principal = ident.Name
		if !Allowed(ident.Policies, c.Action, c.Resource, c.ctx) {
			c.Denied = "no statement of the role allows it on " + c.Resource
			denied = append(denied, c.Call)
			r.log.Error("AWS CALL DENIED", "principal", ident.Name, "action", c.Action, "resource", c.Resource)
		}
		r.mu.Lock()
		r.calls = append(r.calls, c.Call)
		r.mu.Unlock()
	}
	if len(denied) > 0 {
		writeDenied(w, req, denied[0])
		return
	}
	rec := &statusRecorder{ResponseWriter: w}
	r.proxy.ServeHTTP(rec, req)
	if rec.status == http.StatusForbidden || (rec.status == http.StatusBadRequest && strings.Contains(rec.body.String(), "AccessDenied")) {
		action := "unknown"
		if len(reqs) > 0 {
			action = reqs[0].Action
		}
		r.log.Error("AWS CALL DENIED BY MOTO", "principal", ident.Name, "action", action, "body", rec.body.String())
		r.mu.Lock()
		r.calls = append(r.calls, Call{Principal: ident.Name, Action: action, Denied: "moto: " + strings.TrimSpace(rec.body.String())})
		r.mu.Unlock()
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	if s.status >= 400 && s.body.Len() < 4096 {
		s.body.Write(b)
	}
	return s.ResponseWriter.Write(b)
}

// writeDenied answers in the service's own error shape.
func writeDenied(w http.ResponseWriter, req *http.Request, c Call) {
	msg := fmt.Sprintf("User: %s is not authorized to perform: %s on resource: %s", c.Principal, c.Action, c.Resource)
	switch {
	case req.Header.Get("X-Amz-Target") != "":
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": "AccessDeniedException", "message": msg})
	case strings.HasPrefix(c.Action, "s3:"):
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<Error><Code>AccessDenied</Code><Message>%s</Message></Error>", msg)
	case strings.Contains(req.Header.Get("Content-Type"), "x-www-form-urlencoded"):
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>%s</Message></Error></ErrorResponse>", msg)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
	}
}

type described struct {
	Call
	ctx map[string]string // condition keys
}

// describe names the IAM action(s) and resource(s) of one request.
func (r *Recorder) describe(service string, req *http.Request, body []byte) []described {
	arn := func(svc, rest string) string { return "arn:aws:" + svc + ":" + Region + ":" + AccountID + ":" + rest }
	one := func(action, resource string) []described {
		return []described{{Call: Call{Action: action, Resource: resource}}}
	}
	if target := req.Header.Get("X-Amz-Target"); target != "" {
		_, op, _ := strings.Cut(target, ".")
		var j map[string]any
		_ = json.Unmarshal(body, &j)
		s := func(k string) string { v, _ := j[k].(string); return v }
		switch service {
		case "dynamodb":
			table := func(name string) string { return arn("dynamodb", "table/"+name) }
			switch op {
			case "TransactWriteItems":
				// Not an IAM action: each item is authorised on its own.
				var out []described
				items, _ := j["TransactItems"].([]any)
				for _, it := range items {
					m, _ := it.(map[string]any)
					for kind, v := range m {
						vm, _ := v.(map[string]any)
						name, _ := vm["TableName"].(string)
						action := map[string]string{"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}[kind]
						out = append(out, described{Call: Call{Action: "dynamodb:" + action, Resource: table(name)}})
					}
				}
				return out
			case "TransactGetItems":
				var out []described
				items, _ := j["TransactItems"].([]any)
				for _, it := range items {
					m, _ := it.(map[string]any)
					g, _ := m["Get"].(map[string]any)
					name, _ := g["TableName"].(string)
					out = append(out, described{Call: Call{Action: "dynamodb:GetItem", Resource: table(name)}})
				}
				return out
			case "BatchGetItem", "BatchWriteItem":
				var out []described
				items, _ := j["RequestItems"].(map[string]any)
				for name := range items {
					out = append(out, described{Call: Call{Action: "dynamodb:" + op, Resource: table(name)}})
				}
				return out
			case "GetRecords", "GetShardIterator", "DescribeStream":
				res := s("StreamArn")
				if res == "" {
					r.mu.Lock()
					res = r.iters[s("ShardIterator")]
					r.mu.Unlock()
				}
				return one("dynamodb:"+op, res)
			case "ListStreams":
				return one("dynamodb:ListStreams", "*")
			}
			res := table(s("TableName"))
			if idx := s("IndexName"); idx != "" {
				res += "/index/" + idx
			}
			return one("dynamodb:"+op, res)
		case "states":
			res := s("stateMachineArn")
			if res == "" {
				res = s("executionArn")
			}
			if tok := s("taskToken"); tok != "" {
				r.mu.Lock()
				res = r.tokens[tok]
				r.mu.Unlock()
				if res == "" {
					res = "unknown state machine (task token not seen on a task queue)"
				}
			}
			return one("states:"+op, res)
		case "secretsmanager":
			return one("secretsmanager:"+op, s("SecretId"))
		case "sqs":
			u, _ := url.Parse(s("QueueUrl"))
			r.mu.Lock()
			res := ""
			if u != nil {
				res = r.queues[u.Path]
			}
			r.mu.Unlock()
			return one("sqs:"+op, res)
		}
		return one(service+":"+op, "*")
	}
	if strings.Contains(req.Header.Get("Content-Type"), "x-www-form-urlencoded") {
		form, _ := url.ParseQuery(string(body))
		return one(service+":"+form.Get("Action"), "*")
	}
	switch service {
	case "s3":
		parts := strings.SplitN(strings.TrimPrefix(req.URL.Path, "/"), "/", 2)
		bucket := parts[0]
		if len(parts) == 1 || parts[1] == "" {
			if _, del := req.URL.Query()["delete"]; del && req.Method == http.MethodPost {
				// DeleteObjects is not an IAM action: each key is
				// authorised as s3:DeleteObject.
				var d struct {
					Objects []struct{ Key string } `xml:"Object"`
				}
				_ = xml.Unmarshal(body, &d)
				var out []described
				for _, o := range d.Objects {
					out = append(out, described{Call: Call{Action: "s3:DeleteObject", Resource: "arn:aws:s3:::" + bucket + "/" + o.Key}})
				}
				return out
			}
			action := map[string]string{http.MethodGet: "ListBucket", http.MethodHead: "ListBucket", http.MethodPut: "CreateBucket", http.MethodDelete: "DeleteBucket"}[req.Method]
			if action == "ListBucket" {
				return []described{{Call: Call{Action: "s3:ListBucket", Resource: "arn:aws:s3:::" + bucket}, ctx: map[string]string{"s3:prefix": req.URL.Query().Get("prefix")}}}
			}
			return one("s3:"+action, "arn:aws:s3:::"+bucket)
		}
		action := map[string]string{http.MethodGet: "GetObject", http.MethodHead: "GetObject", http.MethodPut: "PutObject", http.MethodDelete: "DeleteObject", http.MethodPost: "PutObject"}[req.Method]
		return one("s3:"+action, "arn:aws:s3:::"+bucket+"/"+parts[1])
	case "ses":
		if req.Method == http.MethodPost && req.URL.Path == "/v2/email/outbound-emails" {
			var j struct {
				FromEmailAddress string
				Content          struct{ Raw json.RawMessage }
			}
			_ = json.Unmarshal(body, &j)
			from := j.FromEmailAddress
			if a, err := mail.ParseAddress(from); err == nil {
				from = a.Address
			}
			identity := from
			if _, domain, ok := strings.Cut(from, "@"); ok {
				identity = domain
			}
			out := []described{{Call: Call{Action: "ses:SendEmail", Resource: arn("ses", "identity/"+identity)}, ctx: map[string]string{"ses:FromAddress": from}}}
			if len(j.Content.Raw) > 0 && string(j.Content.Raw) != "null" {
				// SES v2 authorises a SendEmail with raw content as
				// ses:SendRawEmail too (AWS's denial names that action).
				out = append(out, described{Call: Call{Action: "ses:SendRawEmail", Resource: out[0].Resource}, ctx: out[0].ctx})
			}
			return out
		}
	}
	return one(service+":"+req.Method+" "+req.URL.Path, "*")
}

// Allowed evaluates policies for action on resource with condition values
// ctx: an explicit Deny wins, else some Allow must match action, resource
// and every condition (StringEquals, StringLike; a key the request does not
// carry fails the condition, as in IAM).
func Allowed(policies []Policy, action, resource string, ctx map[string]string) bool {
	allowed := false
	for _, p := range policies {
		for _, s := range p.Statement {
			if !matchAny(s.Actions, action, true) || !matchAny(s.Resources, resource, false) || !conditionsHold(s.Condition, ctx) {
				continue
			}
			if s.Effect == "Deny" {
				return false
			}
			allowed = true
		}
	}
	return allowed
}

func matchAny(patterns []string, v string, fold bool) bool {
	for _, p := range patterns {
		if wildcard(p, v, fold) {
			return true
		}
	}
	return false
}

// wildcard matches IAM patterns: * any run, ? one character.
func wildcard(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	if pattern == "*" {
		return true
	}
	var re strings.Builder
	re.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	ok, _ := regexp.MatchString(re.String(), s)
	return ok
}

func conditionsHold(cond map[string]map[string][]string, ctx map[string]string) bool {
	for op, kv := range cond {
		for k, want := range kv {
			got, ok := ctx[k]
			if !ok {
				return false
			}
			match := false
			for _, w := range want {
				switch op {
				case "StringEquals":
					match = match || got == w
				case "StringEqualsIgnoreCase":
					match = match || strings.EqualFold(got, w)
				case "StringLike":
					match = match || wildcard(w, got, false)
				default:
					return false // an operator this evaluator does not know never holds
				}
			}
			if !match {
				return false
			}
		}
	}
	return true
}

// PolicyActions returns the actions a role's inline policies grant.
func PolicyActions(pols []Policy) []string {
	seen := map[string]bool{}
	for _, p := range pols {
		for _, s := range p.Statement {
			if s.Effect != "Allow" {
				continue
			}
			for _, a := range s.Actions {
				seen[a] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
