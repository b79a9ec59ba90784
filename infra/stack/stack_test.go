package stack

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	doorstepevents "github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

const shop = "demo-shop.myshopify.com"

const stackClientID = "stack-test-client-id"

var testParams = map[string]string{
	"ShopDomain":           shop,
	"ShopifyWebhookSecret": "stack-test-webhook-secret",
	// A Dev Dashboard app: the functions exchange its client id and secret
	// (the webhook secret) for Admin API tokens at the fake Shopify.
	"ShopifyClientId":      stackClientID,
	"SupportEmail":         "support@demo-shop.example",
	"StaffEmail":           "staff@demo-shop.example",
	"OutreachCheckInAfter": "1h", // the template allows whole hours; delivery is dated 61 minutes ago
	// EasyPost's webhooks are signed with it (an empty secret refuses them).
	"EasyPostWebhookSecret": "stack-test-easypost-secret",
	"SmsEnabled":            "true",
	// A shop on its own domain: the API's CORS list and the chat's.
	"StorefrontOrigins": "https://shop.example.com,https://www.shop.example.com",
}

func repoRoot() string {
	wd, _ := os.Getwd()
	return filepath.Dir(filepath.Dir(wd))
}

// result is one flow's line.
type result struct {
	name, verdict, what string
}

type report struct {
	mu    sync.Mutex
	lines []result
	errs  *errorLog // the functions' ERROR lines

	allowedErrs []allowedError // what the flows provoked on purpose
}

func (r *report) add(name string, ok bool, what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v := "PASS"
	if !ok {
		v = "FAIL"
	}
	r.lines = append(r.lines, result{name, v, what})
	fmt.Printf("stack flow %-34s %s  %s\n", name, v, what)
}

// flow runs one flow as a subtest; it fails when the flow is broken, and
// prints one line either way.
type flowT struct {
	*testing.T
	notes   []string
	allowed []allowedError
}

func (f *flowT) note(format string, a ...any) { f.notes = append(f.notes, fmt.Sprintf(format, a...)) }

// provokes names an ERROR line this flow causes on purpose (fn's message
// or error contains part); any other ERROR a function logs fails the flow.
func (f *flowT) provokes(fn, part string) { f.allowed = append(f.allowed, allowedError{fn, part}) }

// flowCap is the most one flow may wait; flowKeep is what each flow still
// to run keeps of the test's time when a flow's budget is set.
const (
	flowCap  = 4 * time.Minute
	flowKeep = 30 * time.Second
)

// flowBudget is how long a flow may wait, with left flows after it:
// flowCap, less when the deadline (of ctx) is near, so that one wait that
// never comes true ends with its flow and the flows after it still run.
func flowBudget(ctx context.Context, left int) time.Duration {
	dl, ok := ctx.Deadline()
	if !ok {
		return flowCap
	}
	remaining := time.Until(dl)
	b := max(remaining-time.Duration(left)*flowKeep, remaining/time.Duration(left+1))
	return min(b, flowCap)
}

// runFlow runs fn as a subtest with its own budget (flowBudget): h's waits
// and calls end with it, and the flow's line says what it waited for.
func runFlow(t *testing.T, rep *report, h *harness, left int, name string, fn func(f *flowT) error) {
	t.Run(name, func(t *testing.T) {
		f := &flowT{T: t}
		mark := rep.errs.mark()
		err := h.within(flowBudget(h.ctx, left), func() error { return fn(f) })
		if bad := rep.errs.since(mark, f.allowed); err == nil && len(bad) > 0 {
			err = fmt.Errorf("%d function ERROR line(s) during the flow, first %s", len(bad), bad[0])
		}
		what := strings.Join(f.notes, "; ")
		if err != nil {
			if what != "" {
				what += "; "
			}
			what += err.Error()
			t.Error(err)
		}
		rep.add(name, err == nil, what)
		rep.allow(f.allowed)
	})
}

func (r *report) allow(a []allowedError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.allowedErrs = append(r.allowedErrs, a...)
}

func (r *report) allowed() []allowedError {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]allowedError(nil), r.allowedErrs...)
}

func TestStack(t *testing.T) {
	if msg := Prereqs(); msg != "" {
		t.Fatal(msg)
	}
	// Every wait below is on a condition, until the test's deadline (less
	// a minute to report and clean up), and in a flow until the flow's
	// budget ends (runFlow); with no deadline, until it holds or flowCap.
	ctx, cancel := context.WithCancel(context.Background())
	if dl, ok := t.Deadline(); ok {
		cancel()
		ctx, cancel = context.WithDeadline(context.Background(), dl.Add(-time.Minute))
	}
	defer cancel()
	logf, err := os.CreateTemp("", "stack-test-*.log") // one per run: runs side by side keep their own
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	logPath := logf.Name()
	fmt.Printf("stack: functions' and harness logs in %s\n", logPath)
	begin := time.Now()
	sd := &shopifyData{}
	errs := &errorLog{w: logf}
	s, err := Start(ctx, Options{Root: repoRoot(), Params: testParams, Log: logf, FunctionLog: errs, Shopify: sd.fake()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fmt.Printf("stack: up in %s: %d resources created, %d functions, %d routes, %d event source mappings, %d schedules, %d receipt rules\n",
		time.Since(begin).Round(time.Millisecond), len(s.Dep.Created), len(s.Dep.Functions), len(s.Routes), len(s.Mappings), len(s.Sched), len(s.Mail))
	var skipped []string
	for _, x := range s.Dep.Skipped {
		skipped = append(skipped, strings.Fields(x)[1])
	}
	fmt.Printf("stack: not emulated (no effect on the flows): %s\n", strings.Join(uniq(skipped), ", "))

	t.Run("init", func(t *testing.T) {
		for _, id := range s.Dep.FunctionIDs() {
			if d, ok := s.Init[id]; ok {
				fmt.Printf("stack init %-28s %6.1f ms\n", id, float64(d.Microseconds())/1000)
			} else {
				t.Errorf("%s did not start (see %s)", id, logPath)
			}
		}
	})
	t.Run("iam enforcement bites", func(t *testing.T) { checkEnforcement(ctx, t, s) })

	h := &harness{s: s, ctx: ctx, limit: "the test's deadline", shift: time.Since(demoToday)}
	// The demo shop's orders, through the webhook route as Shopify sends them.
	if err := h.seed(); err != nil {
		t.Fatalf("seed the demo orders: %v", err)
	}

	// No function may log at ERROR before the flows (its start, the seed).
	t.Run("no function errors before the flows", func(t *testing.T) {
		for _, e := range errs.since(0, nil) {
			t.Errorf("function logged ERROR: %s", e)
		}
	})
	rep := &report{errs: errs}
	flows := []struct {
		name string
		fn   func(f *flowT) error
	}{
		{"widget.js and CORS through the API", h.flowWidget},
		{"order created -> confirmation", h.flowConfirmation},
		{"delivered -> check-in workflow", h.flowCheckIn},
		{"approval decided -> action runs", func(f *flowT) error { return h.flowApproval(f, sd) }},
		{"tracking page return -> approval -> Shopify", h.flowSelfServeReturn},
		{"chat handover -> escalation", h.flowHandover},
		{"mail handover -> person's mail -> customer's answer", h.flowMailHandover},
		{"tracking page -> text opt-in", h.flowTextOptIn},
		{"chat photo -> S3 -> console", h.flowPhoto},
		{"delivery check -> notice -> chat", h.flowDeliveryCheck},
		{"notice -> SMS; STOP -> opted out", h.flowTextNotice},
		{"customer mail -> threaded reply", h.flowMail},
		{"promise made -> workflow; delivered -> cancelled", h.flowPromise},
		{"carrier webhook -> delivered", h.flowCarrierDelivered},
		{"tracking page: link, order+email", h.flowTrackPage},
		{"chat: delivered but never came -> handoff", h.flowNotReceived},
		{"chat: never came -> proposal; yes -> Shopify once", func(f *flowT) error { return h.flowNotReceivedProposal(f, sd) }},
		{"chat: never came -> it turned up", func(f *flowT) error { return h.flowParcelArrived(f, sd) }},
		{"chat: replacement -> cancel the replacement", func(f *flowT) error { return h.flowCancelReplacement(f, sd) }},
		{"chat: a person asked for -> handover by code", func(f *flowT) error { return h.flowPersonAsked(f, sd) }},
		{"outbox replay (operator)", h.flowReplay},
		{"privacy webhooks erase", h.flowPrivacy}, // last: shop/redact erases the shop
	}
	for i, fl := range flows {
		runFlow(t, rep, h, len(flows)-1-i, fl.name, fl.fn)
	}

	t.Run("permissions", func(t *testing.T) { checkPermissions(t, s) })
	// A function's ERROR after its flow ended (a queue or stream retrying
	// late) counts too: every ERROR line is one a flow named.
	t.Run("no function errors a flow did not provoke", func(t *testing.T) {
		for _, e := range errs.since(0, rep.allowed()) {
			t.Errorf("function logged ERROR: %s", e)
		}
	})
	// The AWS SDK's own lines go through slog too (pkg/awsstack): every
	// line a function wrote is JSON, at the level LOG_LEVEL lets through.
	t.Run("every function line is JSON", func(t *testing.T) {
		lines := errs.notJSONLines()
		for i, l := range lines {
			if i == 5 {
				t.Errorf("... and %d more", len(lines)-5)
				break
			}
			t.Errorf("not JSON: %.300s", l)
		}
	})
	fmt.Printf("stack: %d flows in %s (log %s)\n", len(rep.lines), time.Since(begin).Round(time.Second), logPath)
}

func uniq(in []string) []string {
	sort.Strings(in)
	var out []string
	for i, x := range in {
		if i == 0 || in[i-1] != x {
			out = append(out, x)
		}
	}
	return out
}

// checkEnforcement makes sure moto's IAM enforcement (actions) and the
// proxy's resource check both refuse what a role does not allow.
func checkEnforcement(ctx context.Context, t *testing.T, s *Stack) {
	table := s.Dep.R.Attrs["Table"]["Arn"]
	doc := "arn:aws:s3:::" + s.Dep.R.Refs["DocsBucket"] + "/docs/x.md"
	lacking := func(action, resource string) *Function {
		for _, id := range s.Dep.FunctionIDs() {
			if !Allowed(s.Policies(id), action, resource, nil) {
				return s.Dep.Functions[id]
			}
		}
		return nil
	}
	// Straight to moto: an action the role does not have.
	fn := lacking("dynamodb:Scan", table)
	if fn == nil {
		t.Fatal("every role may scan the table: nothing to check moto's enforcement with")
	}
	direct := NewClients(s.Moto, fn.Env["AWS_ACCESS_KEY_ID"], fn.Env["AWS_SECRET_ACCESS_KEY"], fn.Env["AWS_SESSION_TOKEN"])
	_, err := direct.DDB.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(s.Dep.R.Refs["Table"])})
	if err == nil || !(strings.Contains(err.Error(), "AccessDenied") || strings.Contains(err.Error(), "StatusCode: 403")) {
		t.Errorf("moto let %s scan the table (no dynamodb:Scan in its role): %v", fn.ID, err)
	} else {
		fmt.Printf("stack iam: moto refused dynamodb:Scan to %s (its role lacks it)\n", fn.ID)
	}
	// Through the recording proxy (the functions' endpoint): a resource the
	// role's statements do not name.
	fn = lacking("s3:GetObject", doc)
	if fn == nil {
		t.Fatal("every role may read the docs bucket: nothing to check the proxy with")
	}
	mark := s.Rec.Len()
	defer s.Rec.Drop(mark)
	_, err = s.roleClients[fn.Role].S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Dep.R.Refs["DocsBucket"]), Key: aws.String("docs/x.md")})
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("%s read the docs bucket: %v", fn.ID, err)
	} else {
		fmt.Printf("stack iam: the proxy refused s3:GetObject on the docs bucket to %s (its role does not name it)\n", fn.ID)
	}
}

// --- the harness's view of the shop -----------------------------------

// demoToday is the demo data's "today" (events/shopify/README.md): the
// fixtures' dates are shifted so that it is now, as the local runner does.
var demoToday = time.Date(2026, 11, 20, 12, 0, 0, 0, time.FixedZone("EST", -5*3600))

var stampRe = regexp.MustCompile(`"(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"`)

// shiftDates moves every RFC 3339 timestamp in a JSON body by d.
func shiftDates(body []byte, d time.Duration) []byte {
	return stampRe.ReplaceAllFunc(body, func(m []byte) []byte {
		ts, err := time.Parse(time.RFC3339Nano, string(m[1:len(m)-1]))
		if err != nil {
			return m
		}
		return []byte(`"` + ts.Add(d).Format(time.RFC3339) + `"`)
	})
}

type harness struct {
	s   *Stack
	ctx context.Context
	// limit names what ends ctx, for a wait's failure: the test's
	// deadline, or the flow's budget.
	limit string
	shift time.Duration
	seq   int
	// trackLink and unsubscribeLink are the signed links the delivered
	// notice of the carrier webhook flow carried.
	trackLink, unsubscribeLink string
}

func fixture(name string) []byte {
	b, err := fs.ReadFile(doorstepevents.Shopify(), name)
	if err != nil {
		panic(err)
	}
	return b
}

// webhook posts a signed Shopify webhook to the HTTP API's route.
func (h *harness) webhook(topic string, body []byte) (int, error) {
	h.seq++
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+"/webhooks/shopify", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(shopify.HeaderTopic, topic)
	req.Header.Set(shopify.HeaderShopDomain, shop)
	req.Header.Set(shopify.HeaderEventID, fmt.Sprintf("stack-%d-%d", time.Now().UnixNano(), h.seq))
	req.Header.Set(shopify.HeaderAPIVersion, shopify.DefaultAPIVersion)
	req.Header.Set(shopify.HeaderHMAC, shopify.Sign([]byte(testParams["ShopifyWebhookSecret"]), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// lateShift makes #1003 thirteen days in transit instead of two, so the
// delivery check finds it late now, as the local runner does by moving
// its clock.
const lateShift = -11 * 24 * time.Hour

func (h *harness) seed() error {
	entries, err := fs.ReadDir(doorstepevents.DemoOrders(), ".")
	if err != nil {
		return err
	}
	for _, e := range entries {
		b := fixture("orders/" + e.Name())
		d := h.shift
		if e.Name() == "1003.json" {
			d += lateShift
		}
		code, err := h.webhook(shopify.TopicOrdersCreate, shiftDates(b, d))
		if err != nil {
			return err
		}
		if code != http.StatusOK {
			return fmt.Errorf("orders/create %s: HTTP %d", e.Name(), code)
		}
	}
	return nil
}

// sentMail is a message moto's SES sent.
type sentMail struct {
	To, Subject, Body string
	// ID is the MessageId SES returned (raw mail only).
	ID string
}

func (h *harness) mails() ([]sentMail, error) {
	resp, err := http.Get(h.s.Moto + "/moto-api/data.json")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var data struct {
		SES struct {
			Raw []struct {
				ID      string `json:"id"`
				RawData string `json:"raw_data"`
			} `json:"RawMessage"`
			Msgs []struct {
				Destinations map[string][]string `json:"destinations"`
				Subject      string              `json:"subject"`
				Body         string              `json:"body"`
			} `json:"Message"`
		} `json:"ses"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		return nil, fmt.Errorf("moto data.json: %w", err)
	}
	var out []sentMail
	dec := new(mime.WordDecoder)
	for _, r := range data.SES.Raw {
		m, err := mail.ReadMessage(strings.NewReader(r.RawData))
		if err != nil {
			continue
		}
		subj, err := dec.DecodeHeader(m.Header.Get("Subject"))
		if err != nil {
			subj = m.Header.Get("Subject")
		}
		out = append(out, sentMail{To: strings.ToLower(m.Header.Get("To")), Subject: subj, Body: r.RawData, ID: r.ID})
	}
	for _, m := range data.SES.Msgs {
		out = append(out, sentMail{To: strings.ToLower(strings.Join(m.Destinations["ToAddresses"], ",")), Subject: m.Subject, Body: m.Body})
	}
	return out, nil
}

// within runs fn with h's waits and calls ending after budget (or with
// h.ctx, if sooner), then gives h back its own context.
func (h *harness) within(budget time.Duration, fn func() error) error {
	parent, parentLimit := h.ctx, h.limit
	ctx, cancel := context.WithTimeout(parent, budget)
	defer func() {
		cancel()
		h.ctx, h.limit = parent, parentLimit
	}()
	h.ctx, h.limit = ctx, fmt.Sprintf("the flow's %s budget", budget.Round(time.Millisecond))
	return fn()
}

// waitFor polls cond until it holds or h.ctx ends (the flow's budget, or
// a little before the test's deadline, so the failure is reported, not a
// panic); the error names what it waited for and what ended the wait.
func (h *harness) waitFor(what string, cond func() (bool, error)) error {
	var last error
	for {
		ok, err := cond()
		if ok {
			return nil
		}
		last = err
		select {
		case <-h.ctx.Done():
			if last != nil {
				return fmt.Errorf("waited for %s: not within %s: %w", what, h.limit, last)
			}
			return fmt.Errorf("waited for %s: not within %s", what, h.limit)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// escalationOf waits for the running escalation execution of a handoff
// (named for it). The handoff is stored before its escalation starts
// (escalation.Open), so the queue can show it a moment before that.
func (h *harness) escalationOf(id string) ([]sfntypes.ExecutionListItem, error) {
	var running []sfntypes.ExecutionListItem
	err := h.waitFor("the escalation of "+id+" to run", func() (bool, error) {
		all, err := h.executions("EscalationStateMachine", sfntypes.ExecutionStatusRunning)
		running = running[:0]
		for _, x := range all {
			if aws.ToString(x.Name) == id {
				running = append(running, x)
			}
		}
		return len(running) > 0, err
	})
	return running, err
}

// waitEnded waits until one of the executions that were running (before)
// has ended: the one a decision let go on to its end.
func (h *harness) waitEnded(what, machine string, before []sfntypes.ExecutionListItem) error {
	if len(before) == 0 {
		return fmt.Errorf("%s: no execution was running", what)
	}
	was := map[string]bool{}
	for _, x := range before {
		was[aws.ToString(x.ExecutionArn)] = true
	}
	return h.waitFor(what, func() (bool, error) {
		all, err := h.executions(machine, "")
		for _, x := range all {
			if was[aws.ToString(x.ExecutionArn)] && x.Status != sfntypes.ExecutionStatusRunning {
				return true, nil
			}
		}
		return false, err
	})
}

func (h *harness) mailTo(to string, match func(sentMail) bool) ([]sentMail, error) {
	all, err := h.mails()
	if err != nil {
		return nil, err
	}
	var out []sentMail
	for _, m := range all {
		if strings.Contains(m.To, strings.ToLower(to)) && (match == nil || match(m)) {
			out = append(out, m)
		}
	}
	return out, nil
}

// waitMail waits for a mail to `to` that match accepts.
func (h *harness) waitMail(to string, match func(sentMail) bool) (sentMail, error) {
	var got sentMail
	err := h.waitFor("mail to "+to, func() (bool, error) {
		ms, err := h.mailTo(to, match)
		if len(ms) > 0 {
			got = ms[len(ms)-1]
		}
		return len(ms) > 0, err
	})
	return got, err
}

// --- chat and console through the HTTP API ----------------------------

type chat struct {
	h         *harness
	id, token string
}

func (h *harness) call(method, path, token string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(h.ctx, method, h.s.API+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if strings.HasPrefix(path, "/v1/") {
		req.Header.Set("Origin", "https://"+shop) // the storefront widget
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: HTTP %d, not JSON: %.200s", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode, nil
}

func (h *harness) startChat(email, orderName string) (*chat, error) {
	var created struct {
		ConversationID string `json:"conversation_id"`
		Token          string `json:"token"`
	}
	code, err := h.call(http.MethodPost, "/v1/conversations", "", map[string]string{"email": email, "order_number": orderName}, &created)
	if err != nil {
		return nil, err
	}
	if code != http.StatusCreated || created.ConversationID == "" {
		return nil, fmt.Errorf("POST /v1/conversations: HTTP %d", code)
	}
	return &chat{h: h, id: created.ConversationID, token: created.Token}, nil
}

func (c *chat) say(text string) (string, error) {
	var out struct {
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
	}
	code, err := c.h.call(http.MethodPost, "/v1/conversations/"+c.id+"/messages", c.token, map[string]string{"text": text}, &out)
	if err != nil {
		return "", err
	}
	if code != http.StatusOK {
		return "", fmt.Errorf("POST /v1/conversations/{id}/messages: HTTP %d", code)
	}
	if out.Reply == nil {
		return "", nil
	}
	return out.Reply.Text, nil
}

// consoleToken is an access token as Cognito issues it for the console's
// app client (the emulated authorizer checks issuer, client and expiry).
func (h *harness) consoleToken() (string, error) {
	for _, rt := range h.s.Routes {
		if rt.JWT != nil && len(rt.JWT.Audiences) > 0 {
			claims := map[string]any{"sub": "staff-1", "iss": rt.JWT.Issuer, "client_id": rt.JWT.Audiences[0], "token_use": "access",
				"username": "staff@demo-shop.example", "exp": time.Now().Add(time.Hour).Unix()}
			b, _ := json.Marshal(claims)
			enc := base64.RawURLEncoding
			return enc.EncodeToString([]byte(`{"alg":"RS256","kid":"stack"}`)) + "." + enc.EncodeToString(b) + ".c2lnbmF0dXJl", nil
		}
	}
	return "", errors.New("no route of the template has a JWT authorizer")
}

type queueItem struct {
	ID     string    `json:"id"`
	Kind   string    `json:"kind"`
	Status string    `json:"status"`
	Order  string    `json:"order"`
	SLADue time.Time `json:"sla_due"`
	Conv   string    `json:"conversation_id"`
	// Problem is a delivery problem the handoff is about (one the
	// delivery check opened, or joined to the customer's own).
	Problem string `json:"problem"`
}

func (h *harness) queue() ([]queueItem, error) {
	tok, err := h.consoleToken()
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	code, err := h.call(http.MethodGet, "/console/api/queue", tok, nil, &raw)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK {
		return nil, fmt.Errorf("GET /console/api/queue: HTTP %d", code)
	}
	// GET /console/api/queue: conversations (each with its open handoff),
	// approvals, and handoffs with no conversation.
	var q struct {
		Conversations []struct {
			Handoff *queueItem `json:"handoff"`
		} `json:"conversations"`
		Approvals []queueItem `json:"approvals"`
		Handoffs  []queueItem `json:"handoffs"`
	}
	if err := json.Unmarshal(raw, &q); err != nil {
		return nil, fmt.Errorf("console queue: %w", err)
	}
	items := append(q.Approvals, q.Handoffs...)
	for _, c := range q.Conversations {
		if c.Handoff != nil {
			items = append(items, *c.Handoff)
		}
	}
	return items, nil
}

func (h *harness) executions(machine string, status sfntypes.ExecutionStatus) ([]sfntypes.ExecutionListItem, error) {
	out, err := h.s.Admin.SFN.ListExecutions(h.ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(h.s.Dep.R.Refs[machine]), StatusFilter: status})
	if err != nil {
		return nil, err
	}
	return out.Executions, nil
}

// --- the flows ----------------------------------------------------------

func (h *harness) flowConfirmation(f *flowT) error {
	body := shiftDates(fixture("new_order_create.json"), h.shift)
	code, err := h.webhook(shopify.TopicOrdersCreate, body)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("orders/create #1012: HTTP %d", code)
	}
	m, err := h.waitMail("hannah.cole@example.com", func(m sentMail) bool {
		return strings.Contains(m.Subject, "#1012") && strings.Contains(strings.ToLower(m.Subject), "confirm")
	})
	if err != nil {
		return err
	}
	f.note("orders/create #1012 -> 200; SES sent %q to the customer", m.Subject)
	return nil
}

func (h *harness) flowCheckIn(f *flowT) error {
	created := shiftDates(fixture("new_order_fulfillment_create.json"), h.shift)
	if code, err := h.webhook(shopify.TopicFulfillmentsCreate, created); err != nil || code != http.StatusOK {
		return fmt.Errorf("fulfillments/create #1012: HTTP %d %v", code, err)
	}
	var ful map[string]any
	_ = json.Unmarshal(created, &ful)
	// Delivered 61 minutes ago: the check-in window (1h) has passed.
	at := time.Now().Add(-61 * time.Minute).Format(time.RFC3339)
	ful["shipment_status"], ful["updated_at"] = "delivered", at
	delivered, _ := json.Marshal(ful)
	if code, err := h.webhook(shopify.TopicFulfillmentsUpdate, delivered); err != nil || code != http.StatusOK {
		return fmt.Errorf("fulfillments/update delivered #1012: HTTP %d %v", code, err)
	}
	f.note("fulfillments/create and /update (delivered) #1012 -> 200")
	var execs []sfntypes.ExecutionListItem
	if err := h.waitFor("an outreach execution", func() (bool, error) {
		var err error
		execs, err = h.executions("OutreachStateMachine", "")
		return len(execs) > 0, err
	}); err != nil {
		return fmt.Errorf("no outreach execution started: %w", err)
	}
	f.note("outreach execution %s", execs[0].Status)
	before, _ := h.mailTo("hannah.cole@example.com", nil)
	m, err := h.waitMail("hannah.cole@example.com", func(m sentMail) bool {
		s := strings.ToLower(m.Subject)
		return !strings.Contains(s, "confirm") && !strings.Contains(s, "shipped") && !strings.Contains(s, "on its way") &&
			!strings.Contains(s, "delivered") && !strings.Contains(s, "out for delivery")
	})
	if err != nil {
		return fmt.Errorf("check-in mail: %w (mails to the customer before: %d)", err, len(before))
	}
	f.note("check-in mail %q", m.Subject)
	return nil
}

func (h *harness) flowApproval(f *flowT, data *shopifyData) error {
	tok, err := h.consoleToken()
	if err != nil {
		return err
	}
	// The merchant turns automatic returns off in the console: returns wait
	// for a person's approval.
	var got struct {
		Settings map[string]any `json:"settings"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/settings", tok, nil, &got); err != nil || code != http.StatusOK {
		return fmt.Errorf("GET /console/api/settings: HTTP %d %v", code, err)
	}
	pol, _ := got.Settings["policy"].(map[string]any)
	if pol == nil {
		return errors.New("settings have no policy")
	}
	pol["auto_returns"] = false
	delete(got.Settings, "updated_at")
	delete(got.Settings, "updated_by")
	if code, err := h.call(http.MethodPut, "/console/api/settings", tok, got.Settings, nil); err != nil || code != http.StatusOK {
		return fmt.Errorf("PUT /console/api/settings: HTTP %d %v", code, err)
	}
	before := len(h.s.Shopify.Mutations())
	c, err := h.startChat("samuel.whitfield@example.com", "#1006")
	if err != nil {
		return err
	}
	// The customer names what goes back, hears the exact proposal and says
	// yes: only then does the stored proposal go to the queue.
	reply, err := c.say("I'd like to return the coffee kit from my order #1006")
	if err != nil {
		return err
	}
	f.note("chat: return the coffee kit of #1006 -> %.60q", reply)
	if reply, err = c.say("yes"); err != nil {
		return err
	}
	f.note("yes -> %.60q", reply)
	var item queueItem
	if err := h.waitFor("an approval for #1006 in the console queue", func() (bool, error) {
		items, err := h.queue()
		for _, it := range items {
			if it.Kind == "approval" && it.Order == "#1006" {
				item = it
				return true, nil
			}
		}
		return false, err
	}); err != nil {
		return err
	}
	var decided map[string]any
	running, err := h.escalationOf(item.ID)
	if err != nil {
		return err
	}
	if code, err := h.call(http.MethodPost, "/console/api/handoffs/"+item.ID+"/decide", tok, map[string]any{"approve": true, "note": "ok"}, &decided); err != nil || code != http.StatusOK {
		return fmt.Errorf("decide %s: HTTP %d %v", item.ID, code, err)
	}
	f.note("approval %s approved in the console", item.ID)
	if err := h.waitFor("the approved return in Shopify", func() (bool, error) {
		return len(h.s.Shopify.Mutations()) > before, nil
	}); err != nil {
		return err
	}
	// Let anything that would run twice show itself: wait for the
	// execution to finish before counting.
	if err := h.waitEnded("the decided escalation execution to end", "EscalationStateMachine", running); err != nil {
		return err
	}
	muts := h.s.Shopify.Mutations()[before:]
	if len(muts) != 1 || muts[0] != "DoorstepReturnRequest" {
		return fmt.Errorf("Shopify saw mutations %v, want exactly [DoorstepReturnRequest]", muts)
	}
	f.note("Shopify saw exactly one DoorstepReturnRequest")
	if n := h.s.Shopify.Exchanges(); n == 0 {
		return fmt.Errorf("no Admin API token was exchanged for the app's client credentials")
	} else {
		f.note("Admin API tokens by client credentials: %d exchange(s), one per function environment that called Shopify", n)
	}
	return nil
}

// flowSelfServeReturn: on the tracking page the customer of #1006 proves
// the order, picks a mug and confirms the proposal; automatic returns are
// off (flowApproval), so it waits in the console queue with no
// conversation; approved, exactly one returnRequest reaches Shopify.
func (h *harness) flowSelfServeReturn(f *flowT) error {
	form := func(path string, v url.Values) (int, string, error) {
		req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	code, page, err := form("/track", url.Values{"order": {"1006"}, "email": {"samuel.whitfield@example.com"}})
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("POST /track: HTTP %d %v", code, err)
	}
	tok := regexp.MustCompile(`name="s" value="([^"]+)"`).FindStringSubmatch(page)
	mug := regexp.MustCompile(`for="(qty\.[0-9]+)"[^>]*>Harbor Stoneware Mug`).FindStringSubmatch(page)
	if tok == nil || mug == nil {
		return fmt.Errorf("the tracking page of #1006 offers no return of the mug: %.300s", page)
	}
	s := html.UnescapeString(tok[1])
	code, page, err = form("/track/return", url.Values{"s": {s}, "step": {"propose"}, mug[1]: {"1"}, "reason": {"UNWANTED"}, "resolution": {"refund"}})
	prop := regexp.MustCompile(`name="p" value="([^"]+)"`).FindStringSubmatch(page)
	if err != nil || code != http.StatusOK || prop == nil {
		return fmt.Errorf("propose: HTTP %d %v %.300s", code, err, page)
	}
	f.note("tracking page: 1 mug of #1006 proposed (%s)", prop[1])
	before := len(h.s.Shopify.Mutations())
	code, page, err = form("/track/return", url.Values{"s": {s}, "step": {"confirm"}, "p": {prop[1]}})
	if err != nil || code != http.StatusOK || !strings.Contains(page, "Waiting for approval") {
		return fmt.Errorf("confirm: HTTP %d %v %.300s", code, err, page)
	}
	var item queueItem
	if err := h.waitFor("the page's return in the console queue", func() (bool, error) {
		items, err := h.queue()
		for _, it := range items {
			if it.Kind == "approval" && it.Order == "#1006" && it.Conv == "" && it.Status == "open" {
				item = it
				return true, nil
			}
		}
		return false, err
	}); err != nil {
		return err
	}
	tok2, err := h.consoleToken()
	if err != nil {
		return err
	}
	running, err := h.escalationOf(item.ID)
	if err != nil {
		return err
	}
	if code, err := h.call(http.MethodPost, "/console/api/handoffs/"+item.ID+"/decide", tok2, map[string]any{"approve": true, "note": "ok"}, nil); err != nil || code != http.StatusOK {
		return fmt.Errorf("decide %s: HTTP %d %v", item.ID, code, err)
	}
	if err := h.waitFor("the approved return in Shopify", func() (bool, error) {
		return len(h.s.Shopify.Mutations()) > before, nil
	}); err != nil {
		return err
	}
	if err := h.waitEnded("the decided escalation execution to end", "EscalationStateMachine", running); err != nil {
		return err
	}
	muts := h.s.Shopify.Mutations()[before:]
	if len(muts) != 1 || muts[0] != "DoorstepReturnRequest" {
		return fmt.Errorf("Shopify saw mutations %v, want exactly [DoorstepReturnRequest]", muts)
	}
	f.note("approval %s approved; Shopify saw exactly one DoorstepReturnRequest", item.ID)
	return nil
}

// flowNotReceived: a customer reports a delivered parcel that never came;
// the chat function hands it to a person under the delivery policy in the
// turn (escalation workflow, mail) with its own role.
func (h *harness) flowNotReceived(f *flowT) error {
	c, err := h.startChat("maya.okafor@example.com", "#1007")
	if err != nil {
		return err
	}
	reply, err := c.say("my order #1007 says delivered but I never received it")
	if err != nil {
		return err
	}
	f.note("chat -> %.60q", reply)
	if err := h.waitFor("a handoff for the missing parcel", func() (bool, error) {
		items, err := h.queue()
		for _, it := range items {
			if it.Order == "#1007" {
				return true, nil
			}
		}
		return false, err
	}); err != nil {
		return err
	}
	f.note("handoff in the queue")
	return nil
}

func (h *harness) flowHandover(f *flowT) error {
	c, err := h.startChat("tom.becker@example.com", "#1004")
	if err != nil {
		return err
	}
	reply, err := c.say("I want to talk to a real person please")
	if err != nil {
		return err
	}
	f.note("chat: asked for a person -> %.50q", reply)
	var item queueItem
	if err := h.waitFor("a handoff in the console queue", func() (bool, error) {
		items, err := h.queue()
		for _, it := range items {
			if it.Kind == "handoff" && it.Conv == c.id {
				item = it
				return true, nil
			}
		}
		return false, err
	}); err != nil {
		return err
	}
	if item.SLADue.IsZero() || item.SLADue.Before(time.Now()) {
		return fmt.Errorf("handoff %s has SLA due %v, want a time ahead", item.ID, item.SLADue)
	}
	f.note("handoff %s, SLA due in %s", item.ID, time.Until(item.SLADue).Round(time.Minute))
	if _, err := h.waitMail(testParams["StaffEmail"], nil); err != nil {
		return fmt.Errorf("staff mail: %w", err)
	}
	running, err := h.executions("EscalationStateMachine", sfntypes.ExecutionStatusRunning)
	if err != nil {
		return err
	}
	if len(running) == 0 {
		return errors.New("no escalation execution is running (the SLA timer)")
	}
	f.note("staff mailed; %d escalation execution(s) running", len(running))
	return nil
}

// flowMailHandover: a customer asks for a person by mail; a person
// answers in the console (the console function mails it through SES,
// threaded); the customer's answer to that mail, naming the id SES gave it,
// lands in the same conversation, still the person's: the agent sends
// nothing more.
func (h *harness) flowMailHandover(f *flowT) error {
	const cust = "grace.liu@example.com"
	support := testParams["SupportEmail"]
	send := func(id, inReplyTo, subject, text string) error {
		raw := fmt.Sprintf("From: Grace Liu <%s>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\n", cust, support, subject, id)
		if inReplyTo != "" {
			raw += "In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n"
		}
		raw += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n"
		_, err := h.s.ReceiveMail(h.ctx, cust, []string{support}, []byte(raw))
		return err
	}
	if err := send("<gl1@mail.example.com>", "", "Order 1005 problem", "My order #1005 has a problem, I want to talk to a person please."); err != nil {
		return err
	}
	if _, err := h.waitMail(cust, func(m sentMail) bool { return m.Subject == "Re: Order 1005 problem" }); err != nil {
		return fmt.Errorf("the agent's handover answer: %w", err)
	}
	tok, err := h.consoleToken()
	if err != nil {
		return err
	}
	type convs struct {
		Conversations []struct {
			ID      string `json:"id"`
			Channel string `json:"channel"`
			Status  string `json:"status"`
		} `json:"conversations"`
	}
	var id string
	if err := h.waitFor("the mail conversation handed over", func() (bool, error) {
		var l convs
		_, err := h.call(http.MethodGet, "/console/api/conversations?q="+url.QueryEscape(cust), tok, nil, &l)
		for _, c := range l.Conversations {
			if c.Channel == "email" && c.Status == "handover" {
				id = c.ID
			}
		}
		return id != "", err
	}); err != nil {
		return err
	}
	if code, err := h.call(http.MethodPost, "/console/api/conversations/"+id+"/reply", tok, map[string]string{"text": "Hi Grace, I'm on it: a new one ships today."}, nil); err != nil || code != http.StatusOK {
		return fmt.Errorf("console reply in an email conversation: HTTP %d %v", code, err)
	}
	staff, err := h.waitMail(cust, func(m sentMail) bool { return strings.Contains(m.Body, "a new one ships today") })
	if err != nil {
		return fmt.Errorf("the person's reply by mail: %w", err)
	}
	if !strings.Contains(staff.Body, "In-Reply-To: <gl1@mail.example.com>") || staff.ID == "" {
		return fmt.Errorf("the person's mail is not threaded under the customer's (or has no SES id)")
	}
	before, _ := h.mailTo(cust, nil)
	if err := send("<gl2@mail.example.com>", "<"+staff.ID+"@email.amazonses.com>", "Re: "+staff.Subject, "Thank you! Which day will it arrive?"); err != nil {
		return err
	}
	var last string
	if err := h.waitFor("the customer's answer in the handed-over conversation", func() (bool, error) {
		var d struct {
			Status   string `json:"status"`
			Messages []struct {
				Role string `json:"role"`
				Text string `json:"text"`
			} `json:"messages"`
		}
		_, err := h.call(http.MethodGet, "/console/api/conversations/"+id, tok, nil, &d)
		if n := len(d.Messages); n > 0 {
			last = d.Messages[n-1].Role + ": " + d.Messages[n-1].Text
		}
		return d.Status == "handover" && strings.HasPrefix(last, "customer: Thank you! Which day"), err
	}); err != nil {
		return fmt.Errorf("%w (last message %q)", err, last)
	}
	if after, _ := h.mailTo(cust, nil); len(after) != len(before) {
		return fmt.Errorf("the agent answered a conversation a person owns")
	}
	f.note("console reply mailed (SES id %s); the customer's answer is in %s, still the person's", staff.ID, id)
	return nil
}

// flowPhoto: the widget's upload goes through the route to the chat
// function, which may write only under photos/chat/; the console, which
// may only read photos, serves it to a signed-in person.
func (h *harness) flowPhoto(f *flowT) error {
	c, err := h.startChat("tom.becker@example.com", "#1004")
	if err != nil {
		return err
	}
	post := func(body []byte) (int, []byte, error) {
		req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+"/v1/conversations/"+c.id+"/photos?name=mug.jpg", bytes.NewReader(body))
		req.Header.Set("Content-Type", "image/jpeg")
		req.Header.Set("Origin", "https://"+shop)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		return resp.StatusCode, raw, err
	}
	if code, _, err := post([]byte("not a photo at all")); err != nil || code != http.StatusUnsupportedMediaType {
		return fmt.Errorf("a text body as a photo: HTTP %d (%v), want 415", code, err)
	}
	jpg := phototest.JPEG()
	code, raw, err := post(jpg)
	if err != nil || code != http.StatusCreated {
		return fmt.Errorf("upload a photo: HTTP %d (%v): %.200s", code, err, raw)
	}
	var up struct {
		Photo struct {
			ID string `json:"id"`
		} `json:"photo"`
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
	}
	// #1004's case may be a person's by now (the handover flow): then the
	// photo joins it and the reply says a person has it.
	if err := json.Unmarshal(raw, &up); err != nil || up.Photo.ID == "" || up.Reply == nil ||
		!(strings.Contains(strings.ToLower(up.Reply.Text), "photo") || strings.Contains(up.Reply.Text, "member of our team is already looking after your order #1004")) {
		return fmt.Errorf("upload answer %.300s (%v): want the photo and a reply about it (or that a person has the order)", raw, err)
	}
	f.note("chat: photo %s kept -> %.50q", up.Photo.ID, up.Reply.Text)
	tok, err := h.consoleToken()
	if err != nil {
		return err
	}
	var d struct {
		Photos []struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"photos"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/conversations/"+c.id, tok, nil, &d); err != nil || code != http.StatusOK || len(d.Photos) != 1 || d.Photos[0].ID != up.Photo.ID {
		return fmt.Errorf("console conversation: HTTP %d (%v), photos %+v", code, err, d.Photos)
	}
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodGet, h.s.API+d.Photos[0].URL, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" || !bytes.Equal(got, jpg) {
		return fmt.Errorf("console photo: HTTP %d, %s, %d bytes (want the %d uploaded)", resp.StatusCode, resp.Header.Get("Content-Type"), len(got), len(jpg))
	}
	f.note("console serves it to staff (%d bytes, image/jpeg)", len(got))
	return nil
}

func (h *harness) flowDeliveryCheck(f *flowT) error {
	n, err := h.checksDueNow()
	if err != nil {
		return err
	}
	f.note("%d shipment checks brought forward to now", n)
	if err := h.s.Tick(h.ctx, "DeliveryCheckFunction"); err != nil {
		return fmt.Errorf("tick: %w", err)
	}
	m, err := h.waitMail("daniel.reyes@example.com", func(m sentMail) bool {
		s := strings.ToLower(m.Subject)
		return strings.Contains(s, "#1003") && (strings.Contains(s, "late") || strings.Contains(s, "update") || strings.Contains(s, "delay"))
	})
	if err != nil {
		return fmt.Errorf("delay notice for #1003: %w", err)
	}
	f.note("schedule tick -> notice %q", m.Subject)
	// #1005's delivery failed (carrier status failure): the check hands it to a person,
	// whose SLA timer is an escalation execution named for the handoff. When the
	// customer already asked for a person about #1005 (the mail handover flow), the
	// problem joins that handoff (whose person may have answered already, so its
	// timer has stopped): the queue shows the problem on it.
	var handoff, lastQueue string
	if err := h.waitFor("a delivery handoff's escalation execution", func() (bool, error) {
		running, err := h.executions("EscalationStateMachine", sfntypes.ExecutionStatusRunning)
		if err != nil {
			return false, err
		}
		for _, x := range running {
			if name := aws.ToString(x.Name); strings.Contains(name, "-delivery-") {
				handoff = name
				return true, nil
			}
		}
		items, err := h.queue()
		if err != nil {
			return false, err
		}
		for _, it := range items {
			if it.Problem != "" {
				handoff = it.ID + " (joined: " + it.Problem + ")"
				return true, nil
			}
		}
		lastQueue = fmt.Sprintf("%+v", items)
		return false, nil
	}); err != nil {
		return fmt.Errorf("the delivery check opened no handoff (queue %s): %w", lastQueue, err)
	}
	f.note("delivery handoff %.90s", handoff)
	c, err := h.startChat("daniel.reyes@example.com", "#1003")
	if err != nil {
		return err
	}
	reply, err := c.say("where is my order #1003? it's late")
	if err != nil {
		return err
	}
	low := strings.ToLower(reply)
	if !strings.Contains(low, "#1003") || !strings.Contains(low, "trace") {
		return fmt.Errorf("the chat's reply does not say what the check did (want #1003 and a trace): %q", reply)
	}
	f.note("chat knows: %.60q", reply)
	return nil
}

// flowPromise: a late customer's yes to a follow-up makes the promise (the
// events function starts a promise execution, waiting until it is due); the
// parcel's delivery webhook cancels it (the events function stops the
// execution); the promise function, run on the promise queue with its own
// role, finds a cancelled promise at its time and ends the execution quietly.
func (h *harness) flowPromise(f *flowT) error {
	c, err := h.startChat("elena.petrova@example.com", "#1011")
	if err != nil {
		return err
	}
	reply, err := c.say("my order #1011 is late, it's still not here")
	if err != nil {
		return err
	}
	if !strings.Contains(reply, "hasn't arrived by") {
		return fmt.Errorf("no follow-up offered: %q", reply)
	}
	if reply, err = c.say("yes"); err != nil {
		return err
	}
	if !strings.Contains(reply, "You have my word") {
		return fmt.Errorf("the yes made no promise: %q", reply)
	}
	f.note("chat: late -> follow-up stated; yes -> %.40q", reply)
	var running []sfntypes.ExecutionListItem
	if err := h.waitFor("a promise execution", func() (bool, error) {
		running, err = h.executions("PromiseStateMachine", sfntypes.ExecutionStatusRunning)
		return len(running) > 0, err
	}); err != nil {
		return fmt.Errorf("no promise execution started: %w", err)
	}
	desc, err := h.s.Admin.SFN.DescribeExecution(h.ctx, &sfn.DescribeExecutionInput{ExecutionArn: running[0].ExecutionArn})
	if err != nil {
		return err
	}
	var in map[string]string
	if err := json.Unmarshal([]byte(aws.ToString(desc.Input)), &in); err != nil || in["promise"] == "" || in["due_at"] == "" {
		return fmt.Errorf("promise execution input %q: %v", aws.ToString(desc.Input), err)
	}
	f.note("promise execution running, due %s", in["due_at"])

	var o struct {
		Fulfillments []map[string]any `json:"fulfillments"`
	}
	if err := json.Unmarshal(shiftDates(fixture("orders/1011.json"), h.shift), &o); err != nil || len(o.Fulfillments) == 0 {
		return fmt.Errorf("fixture #1011: %v", err)
	}
	ful := o.Fulfillments[len(o.Fulfillments)-1] // the UPS parcel still on its way
	ful["shipment_status"], ful["updated_at"] = "delivered", time.Now().Format(time.RFC3339)
	delivered, _ := json.Marshal(ful)
	if code, err := h.webhook(shopify.TopicFulfillmentsUpdate, delivered); err != nil || code != http.StatusOK {
		return fmt.Errorf("fulfillments/update delivered #1011: HTTP %d %v", code, err)
	}
	if err := h.waitFor("the promise execution stopped", func() (bool, error) {
		d, err := h.s.Admin.SFN.DescribeExecution(h.ctx, &sfn.DescribeExecutionInput{ExecutionArn: running[0].ExecutionArn})
		return err == nil && d.Status == sfntypes.ExecutionStatusAborted, err
	}); err != nil {
		return fmt.Errorf("delivered, but the promise was not cancelled: %w", err)
	}
	f.note("delivered -> promise execution ABORTED")

	// The promise's time, as if the stop had come too late: its task runs
	// in the promise function and finds nothing to do.
	in["due_at"] = time.Now().UTC().Format(time.RFC3339)
	raw, _ := json.Marshal(in)
	started, err := h.s.Admin.SFN.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(h.s.Dep.R.Refs["PromiseStateMachine"]),
		Name: aws.String("stack-promise-due-now"), Input: aws.String(string(raw))})
	if err != nil {
		return err
	}
	if err := h.waitFor("the due promise handled", func() (bool, error) {
		d, err := h.s.Admin.SFN.DescribeExecution(h.ctx, &sfn.DescribeExecutionInput{ExecutionArn: started.ExecutionArn})
		if err == nil && d.Status == sfntypes.ExecutionStatusFailed {
			return false, fmt.Errorf("promise execution failed: %s %s", aws.ToString(d.Error), aws.ToString(d.Cause))
		}
		return err == nil && d.Status == sfntypes.ExecutionStatusSucceeded, err
	}); err != nil {
		return err
	}
	f.note("due execution -> promise function (its own role) -> cancelled promise -> SUCCEEDED quietly")
	return nil
}

func (h *harness) flowMail(f *flowT) error {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "events", "ses", "plain.eml"))
	if err != nil {
		return err
	}
	support := testParams["SupportEmail"]
	raw = bytes.ReplaceAll(raw, []byte("support@hearthandharbor.example"), []byte(support))
	n, err := h.s.ReceiveMail(h.ctx, "daniel.reyes@example.com", []string{support}, raw)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("no receipt rule of the template takes mail to %s", support)
	}
	m, err := h.waitMail("daniel.reyes@example.com", func(m sentMail) bool { return m.Subject == "Re: Where is my order?" })
	if err != nil {
		return err
	}
	if !strings.Contains(m.Body, "In-Reply-To: <CAJx8Q1w-plain-0001@mail.example.com>") {
		return errors.New("the reply is not threaded (no In-Reply-To)")
	}
	f.note("receipt rule -> S3 + %s; reply %q threaded", strings.Join(h.s.Mail[0].Recipients, ","), m.Subject)
	// The reply's rating links point at the API, signed with the key the
	// console function verifies them with.
	var links []string // the text part's, and the same again in the HTML part's
	for _, l := range ratingLink.FindAllString(mailText(m.Body), -1) {
		if !slices.Contains(links, l) {
			links = append(links, l)
		}
	}
	if len(links) != 5 {
		return fmt.Errorf("the reply carries %d distinct rating links, want 5", len(links))
	}
	_, query, _ := strings.Cut(links[0], "/csat?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return fmt.Errorf("rating link %s: %w", links[0], err)
	}
	// The page posts the rating back (opening the link records nothing).
	resp, err := http.PostForm(h.s.API+"/csat", url.Values{"t": {q.Get("t")}})
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Thank you") {
		return fmt.Errorf("POST /csat of %s: HTTP %d: %.300s", links[0], resp.StatusCode, page)
	}
	f.note("5 rating links under the reply; the first posted -> %d, rating recorded", resp.StatusCode)
	return nil
}

// ratingLink is a rating link under an email reply, on the stack's API.
var ratingLink = regexp.MustCompile(`https://stackapi01\.execute-api\.[a-z0-9-]+\.amazonaws\.com/csat\?t=[^\s"<>]+`)

func (h *harness) flowPrivacy(f *flowT) error {
	c, err := h.startChat("daniel.reyes@example.com", "#1003")
	if err != nil {
		return err
	}
	if _, err := c.say("hello"); err != nil {
		return err
	}
	// A photo in their conversation (customers/redact deletes its file).
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+"/v1/conversations/"+c.id+"/photos?name=mug.jpg", bytes.NewReader(phototest.JPEG()))
	req.Header.Set("Content-Type", "image/jpeg")
	req.Header.Set("Origin", "https://"+shop)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("upload daniel's photo: HTTP %d", resp.StatusCode)
	}
	photos, inbound := h.s.Dep.R.Refs["PhotosBucket"], h.s.Dep.R.Refs["InboundMailBucket"]
	theirPhotos := "photos/chat/" + shop + "/" + c.id + "/"
	if n, err := h.objects(photos, theirPhotos, nil); err != nil || n != 1 {
		return fmt.Errorf("daniel's photo files before: %d (%v), want 1", n, err)
	}
	isDaniel := func(b []byte) bool { return bytes.Contains(bytes.ToLower(b), []byte("daniel.reyes@example.com")) }
	notDaniel := func(b []byte) bool { return !isDaniel(b) }
	rawDaniel, err := h.objects(inbound, "inbound/", isDaniel)
	if err != nil || rawDaniel == 0 {
		return fmt.Errorf("daniel's raw mails before: %d (%v), want the mail flow's", rawDaniel, err)
	}
	rawOthers, _ := h.objects(inbound, "inbound/", notDaniel)
	otherPhotos, _ := h.objects(photos, "photos/", nil)
	otherPhotos-- // daniel's

	// customers/data_request: the export, listed and downloaded in the console.
	if code, err := h.webhook(shopify.TopicCustomersDataRequest, fixture("privacy/customers_data_request.json")); err != nil || code != http.StatusOK {
		return fmt.Errorf("customers/data_request: HTTP %d %v", code, err)
	}
	tok, err := h.consoleToken()
	if err != nil {
		return err
	}
	var list struct {
		Exports []struct {
			RequestID string `json:"request_id"`
			Email     string `json:"email"`
		} `json:"exports"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/exports", tok, nil, &list); err != nil || code != http.StatusOK || len(list.Exports) != 1 || list.Exports[0].RequestID != "9999" {
		return fmt.Errorf("console exports: HTTP %d %v %+v, want request 9999", code, err, list)
	}
	var export struct {
		Email         string            `json:"email"`
		Conversations []json.RawMessage `json:"conversations"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/exports/9999", tok, nil, &export); err != nil || code != http.StatusOK ||
		export.Email != "daniel.reyes@example.com" || len(export.Conversations) == 0 {
		return fmt.Errorf("console export download: HTTP %d %v (%d conversations)", code, err, len(export.Conversations))
	}
	f.note("customers/data_request -> export listed and downloaded in the console (%d conversations)", len(export.Conversations))

	others, err := h.items(func(v string) bool { return strings.Contains(v, "tom.becker@example.com") })
	if err != nil || len(others) == 0 {
		return fmt.Errorf("another customer's items before: %d %v", len(others), err)
	}
	code, err := h.webhook(shopify.TopicCustomersRedact, fixture("privacy/customers_redact.json"))
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("customers/redact: HTTP %d (Shopify would retry it for days)", code)
	}
	if code, err := h.call(http.MethodGet, "/console/api/conversations/"+c.id, tok, nil, nil); err != nil || code != http.StatusNotFound {
		return fmt.Errorf("the redacted customer's conversation: HTTP %d %v, want 404", code, err)
	}
	// Read the table and buckets directly: nothing names daniel (his
	// conversations, messages, orders' personal fields, outreach,
	// handoffs, exports, outbox items, mail records), Tom's stay.
	named, err := h.items(func(v string) bool {
		v = strings.ToLower(v)
		return strings.Contains(v, "daniel.reyes@example.com") || strings.Contains(v, c.id)
	})
	if err != nil {
		return err
	}
	if len(named) > 0 {
		return fmt.Errorf("after customers/redact %d items still name daniel: %q", len(named), named)
	}
	if kept, err := h.items(func(v string) bool { return strings.Contains(v, "tom.becker@example.com") }); err != nil || len(kept) != len(others) {
		return fmt.Errorf("another customer's items: %d before, %d after (%v)", len(others), len(kept), err)
	}
	if n, err := h.objects(photos, theirPhotos, nil); err != nil || n != 0 {
		return fmt.Errorf("daniel's photo files after customers/redact: %d (%v), want 0", n, err)
	}
	if n, err := h.objects(photos, "photos/", nil); err != nil || n != otherPhotos {
		return fmt.Errorf("photo files after customers/redact: %d (%v), want the others' %d", n, err, otherPhotos)
	}
	if n, err := h.objects(inbound, "inbound/", isDaniel); err != nil || n != 0 {
		return fmt.Errorf("daniel's raw mails after customers/redact: %d (%v), want 0", n, err)
	}
	if n, err := h.objects(inbound, "inbound/", notDaniel); err != nil || n != rawOthers {
		return fmt.Errorf("others' raw mails after customers/redact: %d (%v), want %d", n, err, rawOthers)
	}
	f.note("customers/redact -> 200; no item names daniel (%d of another customer's kept), his photo and %d raw mails deleted (%d photos, %d raw mails of others kept)",
		len(others), rawDaniel, otherPhotos, rawOthers)
	// Others' raw mails and mail records are the shop's to erase next.
	rawBefore, err := h.objects(inbound, "inbound/", nil)
	if err != nil || rawBefore == 0 {
		return fmt.Errorf("raw mails before shop/redact: %d (%v), want the others'", rawBefore, err)
	}
	if mailRecords, err := h.items(func(v string) bool {
		return strings.HasPrefix(v, "DOC#mail_log") || strings.HasPrefix(v, "DOC#mail_msgid")
	}); err != nil || len(mailRecords) == 0 {
		return fmt.Errorf("mail records before shop/redact: %d (%v), want the mail flow's", len(mailRecords), err)
	}
	// The shop's executions still running (escalations waiting for a
	// person, a check-in waiting for its answer, a promise not yet due).
	var running []string
	for _, m := range []string{"OutreachStateMachine", "EscalationStateMachine", "PromiseStateMachine"} {
		xs, err := h.executions(m, sfntypes.ExecutionStatusRunning)
		if err != nil {
			return err
		}
		for _, x := range xs {
			running = append(running, aws.ToString(x.ExecutionArn))
		}
	}
	code, err = h.webhook(shopify.TopicShopRedact, fixture("privacy/shop_redact.json"))
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("shop/redact: HTTP %d", code)
	}
	// The webhook only records the request; the events function erases
	// the shop off the request: its orders and conversations go.
	left := 0
	err = h.waitFor("the shop's orders and conversations erased", func() (bool, error) {
		n, err := h.shopItems()
		left = n
		return err == nil && n == 0, err
	})
	if err != nil {
		return fmt.Errorf("%w (%d left)", err, left)
	}
	// The photo files go after the items, in the same reaction.
	if err := h.waitFor("the shop's photo files erased", func() (bool, error) {
		n, err := h.objects(photos, "photos/chat/"+shop+"/", nil)
		return err == nil && n == 0, err
	}); err != nil {
		return err
	}
	// Then the shop's mail records (the mail log and Message-ID records
	// name it in their values, not their keys) and erasure markers are
	// gone, and the buckets hold none of its photos or raw inbound mails.
	isMail := func(k string) bool {
		return strings.HasPrefix(k, "DOC#mail_log|") || strings.HasPrefix(k, "DOC#mail_msgid|") || strings.HasPrefix(k, "DOC#erased:")
	}
	var mailLeft []string
	var files, raws int
	if err := h.waitFor("the shop's mail records, raw mails and photo files erased", func() (bool, error) {
		named, err := h.items(func(v string) bool { return store.NamesShop(v, shop) })
		if err != nil {
			return false, err
		}
		nf, err := h.objects(photos, "photos/", nil)
		if err != nil {
			return false, err
		}
		nr, err := h.objects(inbound, "inbound/", nil)
		if err != nil {
			return false, err
		}
		mailLeft, files, raws = slices.DeleteFunc(named, func(k string) bool { return !isMail(k) }), nf, nr
		return len(mailLeft) == 0 && files == 0 && raws == 0, nil
	}); err != nil {
		return fmt.Errorf("%w: %d mail records %q, %d photo files, %d raw mails left", err, len(mailLeft), mailLeft, files, raws)
	}
	// Each of them was stopped by the events function, not left to its
	// timer (moto aborts one waiting for a task token only when the token
	// comes back; Step Functions at once).
	stopped := map[string]bool{}
	if err := h.waitFor("the shop's running executions stopped", func() (bool, error) {
		for _, c := range h.s.Rec.Calls() {
			if c.Action == "states:StopExecution" && c.Principal == "EventsFunction" && c.Denied == "" {
				stopped[c.Resource] = true
			}
		}
		for _, x := range running {
			if !stopped[x] {
				return false, nil
			}
		}
		return true, nil
	}); err != nil {
		return fmt.Errorf("%w: %d running before shop/redact, stopped %v", err, len(running), stopped)
	}
	// Nothing else names the shop: the handoffs (ids that name it only
	// short) went with the escalation's shop eraser, and the shop/redact
	// event leaves the outbox once its reaction (the executions last) is
	// done.
	var leftover []string
	if err := h.waitFor("nothing to name the shop", func() (bool, error) {
		var err error
		leftover, err = h.items(func(v string) bool { return store.NamesShop(v, shop) })
		return err == nil && len(leftover) == 0, err
	}); err != nil {
		byColl := map[string]int{}
		for _, k := range leftover {
			c, _, _ := strings.Cut(k, "|")
			byColl[c]++
		}
		return fmt.Errorf("%w: after shop/redact, %d items still name the shop, by collection: %v", err, len(leftover), byColl)
	}
	scans := map[string]int{}
	for _, c := range h.s.Rec.Calls() {
		if c.Action == "dynamodb:Scan" && c.Denied == "" {
			scans[c.Principal]++
		}
	}
	if scans["WebhooksFunction"] > 0 || scans["EventsFunction"] == 0 {
		return fmt.Errorf("table scans by function: %v, want only the events function's", scans)
	}
	f.note("shop/redact -> 200; the events function erased the shop's orders, conversations, mail records, photo files and %d raw mails (%d scan pages) and stopped its %d running executions; nothing names the shop",
		rawBefore, scans["EventsFunction"], len(running))
	return nil
}

// objects counts a bucket's objects under prefix whose bytes match (nil:
// every one).
func (h *harness) objects(bucket, prefix string, match func([]byte) bool) (int, error) {
	n := 0
	p := s3.NewListObjectsV2Paginator(h.s.Admin.S3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			return 0, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			if match == nil {
				n++
				continue
			}
			out, err := h.s.Admin.S3.GetObject(h.ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
			if err != nil {
				return 0, err
			}
			b, err := io.ReadAll(out.Body)
			out.Body.Close()
			if err != nil {
				return 0, err
			}
			if match(b) {
				n++
			}
		}
	}
	return n, nil
}

// items lists the table's items (pk|sk) with a string value, anywhere in
// them, that match says names someone.
func (h *harness) items(match func(string) bool) ([]string, error) {
	var out []string
	var walk func(v ddbtypes.AttributeValue) bool
	walk = func(v ddbtypes.AttributeValue) bool {
		switch v := v.(type) {
		case *ddbtypes.AttributeValueMemberS:
			return match(v.Value)
		case *ddbtypes.AttributeValueMemberB:
			return match(string(v.Value))
		case *ddbtypes.AttributeValueMemberSS:
			return slices.ContainsFunc(v.Value, match)
		case *ddbtypes.AttributeValueMemberL:
			return slices.ContainsFunc(v.Value, walk)
		case *ddbtypes.AttributeValueMemberM:
			for _, x := range v.Value {
				if walk(x) {
					return true
				}
			}
		}
		return false
	}
	p := dynamodb.NewScanPaginator(h.s.Admin.DDB, &dynamodb.ScanInput{TableName: aws.String(h.s.Dep.R.Refs["Table"])})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			if walk(&ddbtypes.AttributeValueMemberM{Value: it}) {
				pk, _ := it["pk"].(*ddbtypes.AttributeValueMemberS)
				sk, _ := it["sk"].(*ddbtypes.AttributeValueMemberS)
				var a, b string
				if pk != nil {
					a = pk.Value
				}
				if sk != nil {
					b = sk.Value
				}
				out = append(out, a+"|"+b)
			}
		}
	}
	return out, nil
}

// shopItems counts the shop's order and conversation items (and their
// shipments, refunds, returns, messages) left in the table.
func (h *harness) shopItems() (int, error) {
	n := 0
	p := dynamodb.NewScanPaginator(h.s.Admin.DDB, &dynamodb.ScanInput{TableName: aws.String(h.s.Dep.R.Refs["Table"]), ProjectionExpression: aws.String("pk")})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			return 0, err
		}
		for _, it := range page.Items {
			if pk, ok := it["pk"].(*ddbtypes.AttributeValueMemberS); ok && strings.HasPrefix(pk.Value, "SHOP#"+shop+"#") {
				n++
			}
		}
	}
	return n, nil
}

// trackingOrder is the order the carrier's webhook delivers: #1010 (UPS,
// in transit), whose customer no other flow writes to.
const (
	trackingOrder    = "#1010"
	trackingNumber   = "1Z9HH4870342290158"
	trackingCustomer = "marcus.johnson@example.com"
)

// flowCarrierDelivered posts EasyPost's tracker.updated for #1010's parcel,
// delivered five minutes ago, to POST /webhooks/tracking/easypost, signed as
// EasyPost signs (X-Hmac-Signature under the template's EasyPost secret):
// the shipment is stored delivered and the customer is mailed the
// delivered notice with a signed tracking link. It also tells whether the
// post-delivery check-in starts for it, as it does for a delivery Shopify
// reports.
func (h *harness) flowCarrierDelivered(f *flowT) error {
	var ev map[string]any
	if err := json.Unmarshal(trackingFixture("easypost_tracker_updated.json"), &ev); err != nil {
		return err
	}
	now := time.Now().UTC()
	at := now.Add(-5 * time.Minute).Format(time.RFC3339)
	tr, _ := ev["result"].(map[string]any)
	if tr == nil {
		return errors.New("the EasyPost fixture has no tracker")
	}
	ev["id"] = fmt.Sprintf("evt_stack_%d", now.UnixNano())
	ev["created_at"], ev["updated_at"] = now.Format(time.RFC3339), now.Format(time.RFC3339)
	tr["tracking_code"], tr["status"], tr["status_detail"], tr["updated_at"] = trackingNumber, "delivered", "arrived_at_destination", at
	tr["tracking_details"] = []any{map[string]any{"object": "TrackingDetail", "message": "Delivered, front door", "status": "delivered",
		"status_detail": "arrived_at_destination", "datetime": at, "source": "UPS",
		"tracking_location": map[string]any{"object": "TrackingLocation", "city": "Denver", "state": "CO", "country": "US", "zip": "80202"}}}
	body, _ := json.Marshal(ev)
	execsBefore, err := h.executions("OutreachStateMachine", "")
	if err != nil {
		return err
	}
	post := func(sig string) (int, string, error) {
		req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+"/webhooks/tracking/easypost", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set(tracking.HeaderEasyPost, sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw), nil
	}
	// Unsigned, or signed with another secret: refused, nothing stored.
	if code, _, err := post(tracking.SignEasyPost([]byte("not-the-secret"), body)); err != nil || code != http.StatusUnauthorized {
		return fmt.Errorf("a wrongly signed tracking webhook: HTTP %d %v, want 401", code, err)
	}
	code, out, err := post(tracking.SignEasyPost([]byte(testParams["EasyPostWebhookSecret"]), body))
	if err != nil {
		return err
	}
	if code != http.StatusOK || !strings.Contains(out, tracking.OutcomeApplied) {
		return fmt.Errorf("POST /webhooks/tracking/easypost: HTTP %d %s, want 200 applied", code, out)
	}
	f.note("wrong signature -> 401; EasyPost tracker.updated (delivered) %s -> 200 applied", trackingOrder)
	m, err := h.waitMail(trackingCustomer, func(m sentMail) bool {
		return strings.Contains(m.Subject, trackingOrder) && strings.Contains(strings.ToLower(m.Subject), "delivered")
	})
	if err != nil {
		return fmt.Errorf("delivered notice: %w", err)
	}
	link := trackLinkRe.FindString(mailText(m.Body))
	if link == "" {
		return fmt.Errorf("the delivered notice %q has no signed tracking link", m.Subject)
	}
	h.trackLink = link
	h.unsubscribeLink = unsubscribeLinkRe.FindString(mailText(m.Body) + "\n" + m.Body)
	f.note("SES sent %q with a signed tracking link", m.Subject)
	// A carrier's delivery starts the check-in like Shopify's does: the
	// tracking update's event goes through the outbox to outreach.
	if err := h.waitFor("an outreach execution for the carrier's delivery", func() (bool, error) {
		execs, err := h.executions("OutreachStateMachine", "")
		return err == nil && len(execs) > len(execsBefore), err
	}); err != nil {
		return err
	}
	f.note("check-in workflow started")
	return nil
}

// trackLinkRe is a signed tracking page link in a notice, and
// unsubscribeLinkRe its unsubscribe link.
var (
	trackLinkRe       = regexp.MustCompile(`https?://[^\s"'<>]+/track\?t=[A-Za-z0-9._~%-]+`)
	unsubscribeLinkRe = regexp.MustCompile(`https?://[^\s"'<>]+/unsubscribe\?token=[A-Za-z0-9._~%-]+`)
)

// flowTrackPage serves the tracking page through its routes: GET /track
// with the signed link the delivered notice carried, and POST /track with
// the order number and the customer's email (a form, as the page posts
// it); a wrong email shows nothing of the order.
func (h *harness) flowTrackPage(f *flowT) error {
	get := func(url string) (int, string, error) {
		req, _ := http.NewRequestWithContext(h.ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw), nil
	}
	if h.trackLink == "" {
		return errors.New("no signed link: the carrier webhook flow sent no delivered notice")
	}
	// The link names the address the notice was sent from; the route is
	// the same on the harness's API.
	_, rest, _ := strings.Cut(h.trackLink, "/track?")
	code, page, err := get(h.s.API + "/track?" + rest)
	if err != nil {
		return err
	}
	if code != http.StatusOK || !strings.Contains(page, trackingOrder) || !strings.Contains(page, "Delivered") || !strings.Contains(page, trackingNumber) {
		return fmt.Errorf("GET /track?t=<signed>: HTTP %d, want the page of %s, delivered, with its tracking number: %.300s", code, trackingOrder, page)
	}
	f.note("GET /track?t=<signed link> -> 200, %s delivered", trackingOrder)
	if code, page, err = get(h.s.API + "/track?t=" + url.QueryEscape("x."+rest)); err != nil || code != http.StatusBadRequest || strings.Contains(page, trackingNumber) {
		return fmt.Errorf("a tampered link: HTTP %d %v, want 400 without the order", code, err)
	}
	lookup := func(email string) (int, string, error) {
		form := url.Values{"order": {trackingOrder}, "email": {email}}
		req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+"/track", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw), nil
	}
	code, page, err = lookup("someone.else@example.com")
	if err != nil {
		return err
	}
	if strings.Contains(page, trackingNumber) {
		return fmt.Errorf("POST /track with a wrong email: HTTP %d shows the order", code)
	}
	code, page, err = lookup(strings.ToUpper(trackingCustomer))
	if err != nil {
		return err
	}
	if code != http.StatusOK || !strings.Contains(page, trackingNumber) || !strings.Contains(page, "Delivered") {
		return fmt.Errorf("POST /track with %s and its email: HTTP %d: %.300s", trackingOrder, code, page)
	}
	f.note("POST /track wrong email -> %d, nothing shown; order number + email -> 200, delivered", code)
	// The notice's unsubscribe link, served by the same function: GET
	// only asks (mail scanners open links), POST opts out.
	if h.unsubscribeLink == "" {
		return errors.New("the delivered notice has no unsubscribe link")
	}
	_, query, _ := strings.Cut(h.unsubscribeLink, "/unsubscribe?")
	if code, page, err = get(h.s.API + "/unsubscribe?" + query); err != nil || code != http.StatusOK || !strings.Contains(page, "Unsubscribe") {
		return fmt.Errorf("GET /unsubscribe: HTTP %d %v", code, err)
	}
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, h.s.API+"/unsubscribe?"+query, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST /unsubscribe (one-click): HTTP %d", resp.StatusCode)
	}
	f.note("the notice's unsubscribe link: GET -> 200 asks, one-click POST -> 200")
	return nil
}

// mailText is the decoded text of a raw message's text parts (or the body
// as it is when it is not MIME).
func mailText(raw string) string {
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return raw
	}
	var b strings.Builder
	var walk func(h textproto.MIMEHeader, r io.Reader)
	walk = func(h textproto.MIMEHeader, r io.Reader) {
		mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(r, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		}
		switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			r = quotedprintable.NewReader(r)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, &lineJoiner{r: r})
		}
		if mt == "" || strings.HasPrefix(mt, "text/") {
			t, _ := io.ReadAll(r)
			b.Write(t)
			b.WriteString("\n")
		}
	}
	walk(textproto.MIMEHeader(m.Header), m.Body)
	return b.String()
}

// lineJoiner drops line breaks (base64 bodies are wrapped).
type lineJoiner struct{ r io.Reader }

func (l *lineJoiner) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}

func trackingFixture(name string) []byte {
	b, err := os.ReadFile(filepath.Join(repoRoot(), "events", "tracking", name))
	if err != nil {
		panic(err)
	}
	return b
}

// checksDueNow brings every scheduled delivery check forward to now, as if
// the check interval (12 h after intake) had passed: the functions run on
// the real clock, so the harness moves the data instead.
func (h *harness) checksDueNow() (int, error) {
	c := h.s.Admin.DDB
	table := h.s.Dep.R.Refs["Table"]
	now := time.Now().Add(-time.Second)
	n := 0
	p := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{TableName: aws.String(table), FilterExpression: aws.String("begins_with(gsi3pk, :due)"),
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":due": &ddbtypes.AttributeValueMemberS{Value: "DUE#"}}})
	for p.HasMorePages() {
		page, err := p.NextPage(h.ctx)
		if err != nil {
			return n, fmt.Errorf("scan due checks: %w", err)
		}
		for _, it := range page.Items {
			sk, _ := it["gsi3sk"].(*ddbtypes.AttributeValueMemberS)
			if sk == nil {
				continue
			}
			_, rest, _ := strings.Cut(sk.Value, "#")
			_, err := c.UpdateItem(h.ctx, &dynamodb.UpdateItemInput{TableName: aws.String(table),
				Key:                      map[string]ddbtypes.AttributeValue{"pk": it["pk"], "sk": it["sk"]},
				UpdateExpression:         aws.String("SET gsi3sk = :sk, #d.#n = :at"),
				ExpressionAttributeNames: map[string]string{"#d": "doc", "#n": "next_check_at"},
				ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{
					":sk": &ddbtypes.AttributeValueMemberS{Value: fmt.Sprintf("%019d", now.UnixNano()) + "#" + rest},
					":at": &ddbtypes.AttributeValueMemberS{Value: now.UTC().Format(time.RFC3339Nano)}}})
			if err != nil {
				return n, fmt.Errorf("bring a check forward: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// --- permissions --------------------------------------------------------

var codePolicy = regexp.MustCompile(`RolePolicy\d+$`)

func checkPermissions(t *testing.T, s *Stack) {
	calls := s.Rec.Calls()
	used := map[string]map[string]int{}
	var denied []string
	for _, c := range calls {
		if used[c.Principal] == nil {
			used[c.Principal] = map[string]int{}
		}
		used[c.Principal][c.Action]++
		if c.Denied != "" {
			denied = append(denied, fmt.Sprintf("%s %s on %s: %s", c.Principal, c.Action, c.Resource, c.Denied))
		}
	}
	for _, id := range s.Dep.FunctionIDs() {
		fn := s.Dep.Functions[id]
		role := s.Dep.Roles[fn.Role]
		var unused, notIAM []string
		service := map[string]bool{}
		var code []Policy
		for _, p := range role.Inline {
			// The template's own policies become <Role>Policy<N>; the others
			// SAM adds for Lambda itself (an EventInvokeConfig's or an event
			// source mapping's failure destination), used when an event
			// finally fails, not by the code.
			if !codePolicy.MatchString(p.Name) {
				for _, a := range PolicyActions([]Policy{p}) {
					service[a] = true
				}
				continue
			}
			code = append(code, p)
		}
		for _, a := range PolicyActions(code) {
			if a == "dynamodb:TransactWriteItems" {
				notIAM = append(notIAM, a)
				continue
			}
			if used[id][a] == 0 {
				unused = append(unused, a)
			}
		}
		var usedList []string
		for a, n := range used[id] {
			usedList = append(usedList, a+"×"+strconv.Itoa(n))
		}
		sort.Strings(usedList)
		fmt.Printf("stack perms %-26s used: %s\n", id, strings.Join(usedList, " "))
		if len(unused) > 0 {
			fmt.Printf("stack perms %-26s UNUSED (granted, never called in these flows): %s\n", id, strings.Join(unused, " "))
		}
		if len(service) > 0 {
			var l []string
			for a := range service {
				l = append(l, a)
			}
			sort.Strings(l)
			fmt.Printf("stack perms %-26s for Lambda's own failure destinations (not the code): %s\n", id, strings.Join(l, " "))
		}
		if len(notIAM) > 0 {
			fmt.Printf("stack perms %-26s NOT AN IAM ACTION (transactions are authorised per item): %s\n", id, strings.Join(notIAM, " "))
		}
	}
	sort.Strings(denied)
	for _, d := range uniq(denied) {
		fmt.Printf("stack perms DENIED %s\n", d)
	}
	if len(denied) > 0 {
		t.Errorf("%d AWS calls were denied to the functions' roles (listed above)", len(denied))
	}
	for m, c := range s.Counts() {
		fmt.Printf("stack mapping %-26s delivered %d, failed %d\n", m, c[0], c[1])
	}
}

// --- fake Shopify data ---------------------------------------------------

// shopifyData answers the Admin API operations the flows cause, from the
// demo fixtures and the orders the flows added (add).
type shopifyData struct {
	mu    sync.Mutex
	added map[string][]byte // order webhook bodies by numeric id
}

// add makes an order a flow sent by webhook known to the fake Admin API.
func (d *shopifyData) add(id string, body []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.added == nil {
		d.added = map[string][]byte{}
	}
	d.added[id] = body
}

// order is the webhook body of the order whose GraphQL id is gid (nil:
// none known).
func (d *shopifyData) order(gid string) []byte {
	num := gid[strings.LastIndexByte(gid, '/')+1:]
	d.mu.Lock()
	b, ok := d.added[num]
	d.mu.Unlock()
	if ok {
		return b
	}
	entries, _ := fs.ReadDir(doorstepevents.DemoOrders(), ".")
	for _, e := range entries {
		b := fixture("orders/" + e.Name())
		if bytes.Contains(b, []byte(`"id": `+num+",")) {
			return b
		}
	}
	return nil
}

// replacementName is the name the fake gives every replacement order.
const replacementName = "#1090"

func (d *shopifyData) fake() *Shopify {
	return &Shopify{ClientID: stackClientID, ClientSecret: testParams["ShopifyWebhookSecret"], Answers: map[string]func(map[string]any) any{
		"DoorstepReturnable": func(vars map[string]any) any {
			id, _ := vars["id"].(string)
			var o struct {
				Fulfillments []struct {
					Status    string `json:"status"`
					LineItems []struct {
						ID       int64 `json:"id"`
						Quantity int   `json:"quantity"`
					} `json:"line_items"`
				} `json:"fulfillments"`
			}
			_ = json.Unmarshal(d.order(id), &o)
			var fuls []any
			for _, fl := range o.Fulfillments {
				var nodes []any
				for _, li := range fl.LineItems {
					nodes = append(nodes, map[string]any{"id": fmt.Sprintf("gid://shopify/FulfillmentLineItem/%d1", li.ID), "quantity": li.Quantity,
						"lineItem": map[string]any{"id": fmt.Sprintf("gid://shopify/LineItem/%d", li.ID)}})
				}
				fuls = append(fuls, map[string]any{"status": strings.ToUpper(fl.Status), "fulfillmentLineItems": map[string]any{"nodes": nodes}})
			}
			return map[string]any{"order": map[string]any{"id": id, "fulfillments": fuls},
				"returnReasonDefinitions": map[string]any{"nodes": []any{}}}
		},
		"DoorstepReturnRequest": func(map[string]any) any {
			return map[string]any{"returnRequest": map[string]any{"return": map[string]any{"id": "gid://shopify/Return/990001", "status": "REQUESTED"}, "userErrors": []any{}}}
		},
		// A refund reads the order's transactions first: one sale of the
		// order's total, all of it refundable.
		"DoorstepRefundable": func(vars map[string]any) any {
			id, _ := vars["id"].(string)
			var o struct {
				Total    string `json:"total_price"`
				Currency string `json:"currency"`
			}
			if err := json.Unmarshal(d.order(id), &o); err != nil {
				return map[string]any{"order": nil}
			}
			amount := map[string]any{"amount": o.Total, "currencyCode": o.Currency}
			return map[string]any{"order": map[string]any{"id": id, "currencyCode": o.Currency, "transactions": []any{
				map[string]any{"id": "gid://shopify/OrderTransaction/880001", "kind": "SALE", "status": "SUCCESS", "gateway": "shopify_payments",
					"amountSet": map[string]any{"shopMoney": amount}, "maximumRefundableV2": amount}}}}
		},
		"DoorstepRefund": func(vars map[string]any) any {
			input, _ := vars["input"].(map[string]any)
			txs, _ := input["transactions"].([]any)
			amount, currency := "0.00", "USD"
			if len(txs) == 1 {
				tx, _ := txs[0].(map[string]any)
				amount, _ = tx["amount"].(string)
			}
			return map[string]any{"refundCreate": map[string]any{"refund": map[string]any{"id": "gid://shopify/Refund/770001",
				"totalRefundedSet": map[string]any{"shopMoney": map[string]any{"amount": amount, "currencyCode": currency}}}, "userErrors": []any{}}}
		},
		"DoorstepOrderCancel": orderCancelAnswer, // replacement_cancel_flow_test.go
		"DoorstepReplacement": func(map[string]any) any {
			return map[string]any{"orderCreate": map[string]any{"order": map[string]any{"id": "gid://shopify/Order/5500000001090", "name": replacementName},
				"userErrors": []any{}}}
		},
	}}
}

// flowWidget: the theme snippet's {ApiUrl}/widget.js is served through the
// HTTP API; the API's CORS settings list the shop's myshopify.com origin
// and every StorefrontOrigins origin (API Gateway answers preflights from
// them; moto has no API Gateway, so the translated settings are compared);
// and the chat function behind the API answers a listed origin with the
// CORS headers and an unlisted one without.
func (h *harness) flowWidget(f *flowT) error {
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodGet, h.s.API+"/widget.js", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") || len(body) < 100 {
		return fmt.Errorf("GET /widget.js: HTTP %d, %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	f.note("widget.js %d bytes", len(body))

	want := []string{"https://" + shop}
	want = append(want, strings.Split(testParams["StorefrontOrigins"], ",")...)
	apis := h.s.Dep.T.OfType(h.s.Dep.R, "AWS::ApiGatewayV2::Api")
	if len(apis) != 1 {
		return fmt.Errorf("%d HTTP APIs in the template, want 1", len(apis))
	}
	props, err := h.s.Dep.props(apis[0], h.s.Dep.T.Resources[apis[0]])
	if err != nil {
		return err
	}
	cors, err := apiCORS(props)
	if err != nil {
		return err
	}
	if got := cors["allowOrigins"]; fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("the HTTP API's CORS origins are %v, want %v", got, want)
	}
	if !slices.Contains(cors["allowMethods"], "POST") || !slices.Contains(cors["allowHeaders"], "authorization") {
		return fmt.Errorf("the HTTP API's CORS configuration lost its methods or headers: %v", cors)
	}

	for origin, listed := range map[string]bool{"https://www.shop.example.com": true, "https://elsewhere.example": false} {
		req, _ := http.NewRequestWithContext(h.ctx, http.MethodGet, h.s.API+"/v1/conversations/none", nil)
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if allow := resp.Header.Get("Access-Control-Allow-Origin"); (allow == origin) != listed || (!listed && allow != "") {
			return fmt.Errorf("chat API from %s: Access-Control-Allow-Origin %q (listed %v)", origin, allow, listed)
		}
	}
	f.note("CORS: %d origins", len(want))
	return nil
}

// apiCORS is an HTTP API's CORS configuration as API Gateway reads it:
// x-amazon-apigateway-cors in the OpenAPI body the SAM translator wrote,
// its lists rendered as strings.
func apiCORS(props map[string]any) (map[string][]string, error) {
	body, _ := props["Body"].(map[string]any)
	cfg, ok := body["x-amazon-apigateway-cors"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("x-amazon-apigateway-cors is %T, not an object: API Gateway would refuse it", body["x-amazon-apigateway-cors"])
	}
	out := map[string][]string{}
	for k, v := range cfg {
		if list, ok := v.([]any); ok {
			for _, x := range list {
				out[k] = append(out[k], fmt.Sprint(x))
			}
		}
	}
	return out, nil
}
