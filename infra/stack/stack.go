package stack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/doorstep-ai/doorstep/pkg/lambdart"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// Options configure a stack.
type Options struct {
	Root   string            // repository root (template.yaml, functions/)
	Params map[string]string // template parameter values for the test
	// Shopify answers the fake Admin API's operations.
	Shopify *Shopify
	// Log receives the harness's notes; FunctionLog the functions' output.
	Log, FunctionLog io.Writer
}

// Stack is the template running on moto.
type Stack struct {
	Dep      *Deployment
	Moto     string   // moto's endpoint
	Admin    *Clients // the harness's own identity (an IAM user allowed everything)
	Rec      *Recorder
	Proxy    string // the recording proxy's URL (the functions' AWS_ENDPOINT_URL)
	API      string // the HTTP API's URL
	Bedrock  *Bedrock
	Shopify  *Shopify
	Routes   []Route
	Mappings []Mapping
	Sched    map[string][]string
	Mail     []MailRule
	Init     map[string]time.Duration // function -> init time

	moto          *motoserver.Server
	binDir        string // the built functions, removed by Close
	fns           map[string]*lambdart.Function
	roleClients   map[string]*Clients // role logical id -> clients with its credentials
	roleKeys      map[string]string   // role logical id -> access key id
	policies      map[string][]Policy // function logical id -> its role's policies
	machineQueues map[string]map[string]bool
	servers       []*http.Server
	cancel        context.CancelFunc
	wg            sync.WaitGroup
	logw          io.Writer
	logMu         sync.Mutex

	cmu    sync.Mutex
	counts map[string][2]int // mapping -> ok, failed
}

// Policies returns the policies (inline and managed) of function id's role.
func (s *Stack) Policies(id string) []Policy { return s.policies[id] }

// Fn returns the running function with logical id id.
func (s *Stack) Fn(id string) *lambdart.Function { return s.fns[id] }

// Logf writes a harness note.
func (s *Stack) Logf(format string, a ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.logw, "stack: "+format+"\n", a...)
}

func (s *Stack) count(mapping string, ok, failed int) {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	c := s.counts[mapping]
	s.counts[mapping] = [2]int{c[0] + ok, c[1] + failed}
}

// Counts returns how many records each mapping delivered and failed.
func (s *Stack) Counts() map[string][2]int {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	out := map[string][2]int{}
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Prereqs says what is missing to run the stack test, or "".
func Prereqs() string {
	var missing []string
	if _, err := exec.LookPath("moto_server"); err != nil {
		missing = append(missing, "moto_server (pip install 'moto[server]==5.2.1')")
	}
	if err := exec.Command("python3", "-c", "import samtranslator, moto.server").Run(); err != nil {
		missing = append(missing, "python3 with samtranslator and moto (pip install 'cfn-lint==1.51.0' 'moto[server]==5.2.1')")
	}
	if len(missing) == 0 {
		return ""
	}
	return "the stack test needs " + strings.Join(missing, " and ") + ": run `make tools`"
}

// Start translates and deploys the template, builds and starts every
// function, and starts the event sources.
func Start(ctx context.Context, o Options) (_ *Stack, err error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.FunctionLog == nil {
		o.FunctionLog = io.Discard
	}
	s := &Stack{fns: map[string]*lambdart.Function{}, roleClients: map[string]*Clients{}, roleKeys: map[string]string{}, policies: map[string][]Policy{},
		machineQueues: map[string]map[string]bool{}, counts: map[string][2]int{}, logw: o.Log, Init: map[string]time.Duration{}}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	// Build the functions while moto starts and the template translates.
	binDir, err := os.MkdirTemp("", "stack-bin-")
	if err != nil {
		return nil, err
	}
	s.binDir = binDir
	buildErr := make(chan error, 1)
	go func() { buildErr <- buildFunctions(ctx, o.Root, binDir) }()

	launcher := func(host string, port int) (string, []string) {
		return "env", []string{"INITIAL_NO_AUTH_ACTION_COUNT=1000000000", "MOTO_IAM_LOAD_MANAGED_POLICIES=true",
			"python3", filepath.Join(testdataDir(), "moto_stack.py"), "-H", host, "-p", strconv.Itoa(port)}
	}
	if ep := os.Getenv("STACK_TEST_MOTO"); ep != "" {
		// A moto_stack.py server already running (for working on the
		// harness): reset it and switch enforcement off for the set-up.
		s.Moto = ep
		if err := post(ep+"/moto-api/reset", ""); err != nil {
			return nil, err
		}
		if err := post(ep+"/moto-api/reset-auth", "1000000000"); err != nil {
			return nil, err
		}
	} else {
		s.moto, err = motoserver.Run(launcher)
		if err != nil {
			return nil, err
		}
		s.Moto = s.moto.Endpoint
	}
	s.Logf("moto up at %s", s.Moto)
	if err := post(s.Moto+"/moto-api/config", `{"stepfunctions":{"execute_state_machine":true}}`); err != nil {
		return nil, fmt.Errorf("switch on step functions execution: %w", err)
	}

	t, err := Translate(filepath.Join(o.Root, "template.yaml"), o.Params)
	if err != nil {
		return nil, err
	}
	r, err := NewResolver(t, o.Params)
	if err != nil {
		return nil, err
	}
	setup := NewClients(s.Moto, "setup", "setup", "")
	s.Dep, err = Deploy(ctx, setup, t, r)
	if err != nil {
		return nil, err
	}
	if err := s.Dep.ResolveSecrets(ctx, setup); err != nil {
		return nil, err
	}
	// The merchant verifies the support address in SES (outside the template).
	if from := r.Params["SupportEmail"]; from != "" {
		if _, err := sesv2.NewFromConfig(setup.Cfg).CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(from)}); err != nil {
			return nil, fmt.Errorf("verify %s in ses: %w", from, err)
		}
	}
	for _, id := range t.OfType(r, "AWS::StepFunctions::StateMachine") {
		s.machineQueues[id] = map[string]bool{}
		def, _ := json.Marshal(t.Resources[id].Properties)
		for _, q := range t.OfType(r, "AWS::SQS::Queue") {
			if bytes.Contains(def, []byte(`"Ref":"`+q+`"`)) || bytes.Contains(def, []byte(q+".Arn")) {
				s.machineQueues[id][r.Attrs[q]["Arn"]] = true
			}
		}
	}

	s.Rec, err = NewRecorder(s.Moto, slog.New(slog.NewTextHandler(o.Log, nil)))
	if err != nil {
		return nil, err
	}
	for _, q := range t.OfType(r, "AWS::SQS::Queue") {
		s.Rec.Queue(r.Refs[q], r.Attrs[q]["Arn"])
	}
	// Each function's role, assumed as Lambda assumes it.
	for _, fid := range s.Dep.FunctionIDs() {
		fn := s.Dep.Functions[fid]
		role := s.Dep.Roles[fn.Role]
		if role == nil {
			return nil, fmt.Errorf("%s: its role %s is not a role of the template", fid, fn.RoleARN)
		}
		out, err := setup.STS.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(role.ARN), RoleSessionName: aws.String(fn.Name)})
		if err != nil {
			return nil, fmt.Errorf("assume %s for %s: %w", role.Name, fid, err)
		}
		cr := out.Credentials
		pols := append([]Policy(nil), role.Inline...)
		for _, arn := range role.Managed {
			p, err := managedPolicy(ctx, setup, arn)
			if err != nil {
				return nil, err
			}
			pols = append(pols, p)
		}
		s.Rec.Register(aws.ToString(cr.AccessKeyId), &Identity{Name: fid, Policies: pols})
		s.policies[fid] = pols
		s.roleKeys[fn.Role] = aws.ToString(cr.AccessKeyId)
		fn.Env["AWS_ACCESS_KEY_ID"], fn.Env["AWS_SECRET_ACCESS_KEY"], fn.Env["AWS_SESSION_TOKEN"] =
			aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken)
	}
	// The harness's own identity, for what the test itself looks at.
	if _, err := setup.IAM.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("stack-test-harness")}); err != nil {
		return nil, err
	}
	if _, err := setup.IAM.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("stack-test-harness"), PolicyName: aws.String("all"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}); err != nil {
		return nil, err
	}
	key, err := setup.IAM.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("stack-test-harness")})
	if err != nil {
		return nil, err
	}
	s.Admin = NewClients(s.Moto, aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey), "")
	// From here on moto checks every request against the signer's policies.
	if err := post(s.Moto+"/moto-api/reset-auth", "0"); err != nil {
		return nil, fmt.Errorf("switch on iam enforcement: %w", err)
	}

	s.Proxy, err = s.serve(s.Rec)
	if err != nil {
		return nil, err
	}
	for _, fid := range s.Dep.FunctionIDs() {
		fn := s.Dep.Functions[fid]
		k, sec, tok := fn.Env["AWS_ACCESS_KEY_ID"], fn.Env["AWS_SECRET_ACCESS_KEY"], fn.Env["AWS_SESSION_TOKEN"]
		s.roleClients[fn.Role] = NewClients(s.Proxy, k, sec, tok)
	}
	s.Bedrock = &Bedrock{Rec: s.Rec, Model: NewOffline()}
	bedrockURL, err := s.serve(s.Bedrock)
	if err != nil {
		return nil, err
	}
	s.Shopify = o.Shopify
	if s.Shopify == nil {
		s.Shopify = &Shopify{}
	}
	shopifyURL, err := s.serve(s.Shopify)
	if err != nil {
		return nil, err
	}

	if err := <-buildErr; err != nil {
		return nil, err
	}
	for _, fid := range s.Dep.FunctionIDs() {
		fn := s.Dep.Functions[fid]
		env := map[string]string{}
		for k, v := range fn.Env {
			env[k] = v
		}
		// What Lambda adds, and the emulators' addresses.
		for k, v := range map[string]string{
			"AWS_REGION": Region, "AWS_DEFAULT_REGION": Region, "PATH": "/usr/local/bin:/usr/bin/:/bin:/opt/bin", "LANG": "en_US.UTF-8",
			"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + fn.Name, "AWS_LAMBDA_LOG_STREAM_NAME": "stack-test",
			"AWS_ENDPOINT_URL": s.Proxy, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": bedrockURL, shopify.BaseURLEnv: shopifyURL,
		} {
			env[k] = v
		}
		f, err := lambdart.Start(lambdart.Config{Name: fn.Name, ARN: fn.ARN, Binary: filepath.Join(binDir, fn.Dir), Env: env,
			Timeout: time.Duration(fn.TimeoutSec) * time.Second, MemoryMB: fn.MemoryMB, Output: prefixWriter(o.FunctionLog, fid)})
		if err != nil {
			return nil, err
		}
		s.fns[fid] = f
	}
	for _, id := range t.OfType(r, "AWS::Lambda::EventInvokeConfig") {
		p, err := s.Dep.props(id, t.Resources[id])
		if err != nil {
			return nil, err
		}
		for _, fn := range s.Dep.Functions {
			if fn.Name == str(p, "FunctionName") {
				fn.MaxRetries = num(p, "MaximumRetryAttempts", 2)
			}
		}
	}
	// Every function starts (init) in parallel, as after a deploy. A start
	// that fails (exits, reports an init error) is reported at once; a slow
	// one (a loaded machine starting 13 processes at a time) is waited for
	// until ctx ends (the test's deadline): its time is reported, not
	// judged against a fixed bound.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var initErrs []string
	for id, f := range s.fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := f.Init(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				initErrs = append(initErrs, fmt.Sprintf("%s: %v", id, err))
				return
			}
			s.Init[id] = d
		}()
	}
	wg.Wait()
	sort.Strings(initErrs)
	for _, e := range initErrs {
		s.Logf("INIT FAILED %s", e)
	}

	if s.Routes, err = s.Dep.Routes(); err != nil {
		return nil, err
	}
	s.API, err = s.serve(&APIGateway{S: s, Routes: s.Routes, APIID: r.Refs["HttpApi"]})
	if err != nil {
		return nil, err
	}
	if s.Mappings, err = s.Dep.Mappings(); err != nil {
		return nil, err
	}
	if s.Sched, err = s.Dep.Schedules(); err != nil {
		return nil, err
	}
	if s.Mail, err = s.Dep.MailRules(); err != nil {
		return nil, err
	}
	pctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	for _, m := range s.Mappings {
		switch {
		case strings.HasPrefix(m.SourceARN, "arn:aws:sqs:"):
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.pollSQS(pctx, m) }()
		case strings.Contains(m.SourceARN, "/stream/"):
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.pollStream(pctx, m) }()
		default:
			s.Logf("mapping %s: source %s is not emulated", m.ID, m.SourceARN)
		}
	}
	return s, nil
}

// InitErrors lists the functions that did not start.
func (s *Stack) InitFailed() []string {
	var out []string
	for _, id := range s.Dep.FunctionIDs() {
		if _, ok := s.Init[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

func (s *Stack) serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Close stops the pollers, the functions, the servers and moto.
func (s *Stack) Close() {
	if s.cancel != nil {
		s.cancel()
		s.wg.Wait()
	}
	for _, f := range s.fns {
		_ = f.Close()
	}
	for _, srv := range s.servers {
		_ = srv.Close()
	}
	if s.moto != nil {
		_ = s.moto.Stop()
	}
	if s.binDir != "" {
		// The functions' binaries (about 390 MB), once nothing runs them.
		_ = os.RemoveAll(s.binDir)
	}
}

// MotoOutput is the tail of moto's log.
func (s *Stack) MotoOutput() string {
	if s.moto == nil {
		return ""
	}
	return s.moto.Output()
}

func post(u, body string) error {
	resp, err := http.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s: %s: %s", u, resp.Status, b)
	}
	return nil
}

func managedPolicy(ctx context.Context, c *Clients, arn string) (Policy, error) {
	p, err := c.IAM.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		return Policy{}, fmt.Errorf("managed policy %s: %w", arn, err)
	}
	v, err := c.IAM.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: p.Policy.DefaultVersionId})
	if err != nil {
		return Policy{}, fmt.Errorf("managed policy %s: %w", arn, err)
	}
	doc := aws.ToString(v.PolicyVersion.Document)
	if strings.HasPrefix(doc, "%7B") {
		if d, err := urlUnescape(doc); err == nil {
			doc = d
		}
	}
	pol, err := parsePolicy(arn, []byte(doc))
	if err != nil {
		return Policy{}, err
	}
	pol.Name = "managed:" + arn
	return pol, nil
}

// buildFunctions builds every function under functions/ for this machine,
// as the Makefile builds them for Lambda (lambda.norpc, static).
func buildFunctions(ctx context.Context, root, dir string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-trimpath", "-o", dir+string(os.PathSeparator), "./functions/...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build functions: %v\n%s", err, out)
	}
	return nil
}

// Tick runs the schedule rules that invoke function fid, as EventBridge does
// when they fire: asynchronously, retried on error as the function's
// EventInvokeConfig says.
func (s *Stack) Tick(ctx context.Context, fid string) error {
	fired := false
	for rule, fns := range s.Sched {
		for _, f := range fns {
			if f != fid {
				continue
			}
			fired = true
			ev := events.EventBridgeEvent{Version: "0", ID: strconv.FormatInt(time.Now().UnixNano(), 36), DetailType: "Scheduled Event", Source: "aws.events",
				AccountID: AccountID, Time: time.Now().UTC(), Region: Region, Resources: []string{s.Dep.R.Attrs[rule]["Arn"]}, Detail: json.RawMessage("{}")}
			if err := s.invokeAsync(ctx, fid, ev); err != nil {
				return fmt.Errorf("schedule %s: %w", rule, err)
			}
		}
	}
	if !fired {
		return fmt.Errorf("no schedule of the template invokes %s", fid)
	}
	return nil
}

func (s *Stack) invokeAsync(ctx context.Context, fid string, ev any) error {
	var err error
	for attempt := 0; attempt <= s.Dep.Functions[fid].MaxRetries; attempt++ {
		if err = s.Fn(fid).InvokeJSON(ctx, ev, nil); err == nil || !lambdart.IsFunctionError(err) {
			return err
		}
		s.Logf("%s failed (attempt %d): %v", fid, attempt+1, err)
	}
	return err
}

// prefixWriter writes each line of a function's output with its id.
func prefixWriter(w io.Writer, id string) io.Writer {
	return &linePrefixer{w: w, prefix: id + ": "}
}

type linePrefixer struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func (l *linePrefixer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		_, _ = l.w.Write(append([]byte(l.prefix), l.buf[:i+1]...))
		l.buf = l.buf[i+1:]
	}
	return len(p), nil
}

func urlUnescape(s string) (string, error) { return url.QueryUnescape(s) }

// ReceiveMail delivers raw mail as SES does for the receipt rules whose
// recipients include one of to: the S3 action stores it at the rule's
// prefix plus the SES message id, then the Lambda action invokes the
// function (asynchronously, retried) with a SimpleEmailEvent carrying the
// headers and verdicts but not the body. It returns how many rules took it.
func (s *Stack) ReceiveMail(ctx context.Context, from string, to []string, raw []byte) (int, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return 0, fmt.Errorf("read mail: %w", err)
	}
	id := strconv.FormatInt(time.Now().UnixNano(), 36) + "stacktest"
	var headers []events.SimpleEmailHeader
	for k, vs := range msg.Header {
		for _, v := range vs {
			headers = append(headers, events.SimpleEmailHeader{Name: k, Value: v})
		}
	}
	sort.Slice(headers, func(i, j int) bool { return headers[i].Name < headers[j].Name })
	pass := events.SimpleEmailVerdict{Status: "PASS"}
	taken := 0
	for _, rule := range s.Mail {
		match := false
		for _, r := range rule.Recipients {
			for _, t := range to {
				match = match || strings.EqualFold(r, t)
			}
		}
		if !match {
			continue
		}
		taken++
		if rule.Bucket != "" {
			if _, err := s.Admin.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(rule.Bucket), Key: aws.String(rule.Prefix + id), Body: bytes.NewReader(raw)}); err != nil {
				return taken, fmt.Errorf("rule %s: store the mail: %w", rule.ID, err)
			}
		}
		if rule.Function == "" {
			continue
		}
		ev := events.SimpleEmailEvent{Records: []events.SimpleEmailRecord{{EventVersion: "1.0", EventSource: "aws:ses", SES: events.SimpleEmailService{
			Mail: events.SimpleEmailMessage{Timestamp: time.Now().UTC(), Source: from, MessageID: id, Destination: to, Headers: headers,
				CommonHeaders: events.SimpleEmailCommonHeaders{From: msg.Header["From"], To: msg.Header["To"], Subject: msg.Header.Get("Subject"),
					MessageID: msg.Header.Get("Message-Id"), Date: msg.Header.Get("Date")}},
			Receipt: events.SimpleEmailReceipt{Timestamp: time.Now().UTC(), Recipients: to, ProcessingTimeMillis: 12,
				SpamVerdict: pass, VirusVerdict: pass, SPFVerdict: pass, DKIMVerdict: pass, DMARCVerdict: pass,
				Action: events.SimpleEmailReceiptAction{Type: "Lambda", InvocationType: "Event", FunctionARN: s.Dep.Functions[rule.Function].ARN}},
		}}}}
		if err := s.invokeAsync(ctx, rule.Function, ev); err != nil {
			return taken, fmt.Errorf("rule %s: %s: %w", rule.ID, rule.Function, err)
		}
	}
	return taken, nil
}
