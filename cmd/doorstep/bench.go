package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// benchmark is one go benchmark whose custom metrics the table reads.
type benchmark struct {
	pkg, name, benchtime, cpu string
}

var benchmarks = []benchmark{
	{"./pkg/chat", "BenchmarkTurn$", "2000x", ""},
	{"./pkg/chat", "BenchmarkTurnDynamoDB$", "200x", ""},
	{"./pkg/intake", "BenchmarkIntake$", "2s", "1"},
}

// row is one line of the table. how says whether the figure was measured
// in this run or estimated (token counts at 4 characters a token on the
// offline model, and costs computed from them).
type row struct{ what, value, how, budget, verdict string }

const (
	measured  = "measured"
	estimated = "estimated"
)

// runBench measures every figure DESIGN.md §7 budgets, in this run, and
// prints them in one table.
func runBench(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	buildDir := fs.String("build", "build", "folder with <LogicalId>/bootstrap from make build")
	lambdas := fs.Bool("lambdas", false, "measure only the Lambda artifacts (zipped size, init)")
	runs := fs.Int("runs", 7, "starts of each function to time its init")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *lambdas {
		rows, err := lambdaRows(ctx, *buildDir, max(*runs, 1))
		if err != nil {
			return err
		}
		if err := printRows(out, rows); err != nil {
			return err
		}
		_, err = fmt.Fprintln(out, initNote)
		return err
	}
	var rows []row
	metrics := map[string]map[string]float64{}
	for _, b := range benchmarks {
		fmt.Fprintf(os.Stderr, "bench: %s %s\n", b.pkg, b.name)
		m, err := goBench(ctx, b)
		if err != nil {
			return err
		}
		metrics[strings.TrimSuffix(b.name, "$")] = m
	}
	turn, ddb, in := metrics["BenchmarkTurn"], metrics["BenchmarkTurnDynamoDB"], metrics["BenchmarkIntake"]
	rows = append(rows,
		row{"chat turn server-side p50 / p99, embedded store", fmt.Sprintf("%.2f / %.2f ms", turn["p50-µs"]/1000, turn["p99-µs"]/1000), measured, "p99 < 10 ms", verdict(turn["p99-µs"] < 10000)},
		row{"chat turn server-side p50 / p99, DynamoDB on moto", fmt.Sprintf("%.1f / %.1f ms", ddb["p50-µs"]/1000, ddb["p99-µs"]/1000), measured, "(no budget; moto is Python on loopback)", "-"},
		row{"DynamoDB requests per order-status turn", fmt.Sprintf("%.1f", ddb["ddb-requests/turn"]), measured + " (SDK middleware on moto)", "≤ 2 (≤ 3 with a write)", verdict(ddb["ddb-requests/turn"] <= 2)},
		row{"webhook intake (verify, parse, normalise), one core", fmt.Sprintf("%.0f deliveries/s", in["deliveries/s"]), measured, "≥ 2,000/s", verdict(in["deliveries/s"] >= 2000)},
	)

	fmt.Fprintln(os.Stderr, "bench: eval scenarios on the offline model")
	data, err := eval.LoadEmbedded()
	if err != nil {
		return err
	}
	suite, err := eval.Suite()
	if err != nil {
		return err
	}
	rep, err := eval.Run(ctx, eval.Config{Data: data, Suite: eval.Sample(suite, 3), Model: offline.Model{}, ModelID: "offline"})
	if err != nil {
		return err
	}
	// The offline model reports no usage: token counts here are estimated
	// from the request's size (four characters a token), and the costs are
	// those estimates at published prices. Bedrock's own usage figures
	// come from doorstep eval -model bedrock.
	const est = " (estimated: 4 chars a token)"
	kinds := map[string][3]float64{} // in, out, count
	var haiku, nova, first float64
	for _, r := range rep.Results {
		k := kinds[r.Scenario.Kind]
		kinds[r.Scenario.Kind] = [3]float64{k[0] + float64(r.Estimated.InputTokens), k[1] + float64(r.Estimated.OutputTokens), k[2] + 1}
		h, _ := bedrock.Cost("anthropic.claude-haiku-4-5-20251001-v1:0", r.Estimated)
		n, _ := bedrock.Cost("amazon.nova-micro-v1:0", r.Estimated)
		haiku, nova = haiku+h, nova+n
		if r.Scenario.Kind == "status_not_shipped" && first == 0 {
			first = float64(r.Estimated.InputTokens)
		}
	}
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := kinds[k]
		rows = append(rows, row{"model tokens in / out, scenario " + k, fmt.Sprintf("%.0f / %.0f", v[0]/v[2], v[1]/v[2]), estimated + " (4 chars a token)", "", ""})
	}
	c := float64(len(rep.Results))
	sc := rep.Scores(1)["all"]
	rows = append(rows,
		row{"model input tokens, first order-status turn, offline model (calls track_order)", fmt.Sprintf("%.0f", first), estimated + " (4 chars a token)", "(the budget is checked below, on the fake server's estimate)", "-"},
		row{"cost per conversation, Claude Haiku 4.5 prices", fmt.Sprintf("$%.5f", haiku/c), estimated + " (from estimated tokens)", "≤ $0.01 per resolved conversation", verdict(haiku/c <= 0.01)},
		row{"cost per conversation, Nova Micro prices", fmt.Sprintf("$%.6f", nova/c), estimated + " (from estimated tokens)", "", ""},
		row{"scenario pass^1 (offline model, 3 per kind)", fmt.Sprintf("%.2f of %d scenarios", sc.Pass1, sc.Scenarios), measured, "", ""},
	)

	fmt.Fprintln(os.Stderr, "bench: first order-status turn on a fake Converse server")
	tr, err := tokenRows(ctx)
	if err != nil {
		return err
	}
	rows = append(rows, tr...)

	lr, err := lambdaRows(ctx, *buildDir, max(*runs, 1))
	if err != nil {
		return err
	}
	if err := printRows(out, append(rows, lr...)); err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, initNote)
	return err
}

// initNote says what the init rows measure.
const initNote = `
Init is timed from process start to the function's first request for an invocation
(GET .../invocation/next on a fake Lambda runtime API; Secrets Manager answered on
loopback), built for this machine with make build's flags, in Lambda's environment
rather than this machine's. Wall time includes waiting for a core, so the machine's
load (shown) inflates it; CPU time is what the process's threads used by then
(/proc/<pid>/task/*/schedstat). The empty Go Lambda is the floor under every function.`

// lambdaRows measures each function: its zipped artifact (from make
// build, when buildDir has it) and its init, runs times each.
func lambdaRows(ctx context.Context, buildDir string, runs int) ([]row, error) {
	var rows []row
	boots, _ := filepath.Glob(filepath.Join(buildDir, "*", "bootstrap"))
	sort.Strings(boots)
	if len(boots) == 0 {
		rows = append(rows, row{"Lambda artifacts, zipped", "none found: run make build", "-", "≤ 10 MB each", "not measured"})
	}
	for _, b := range boots {
		id := filepath.Base(filepath.Dir(b))
		zipped, raw, err := zippedSize(b)
		if err != nil {
			return nil, err
		}
		mb := float64(zipped) / (1 << 20)
		rows = append(rows, row{id + " artifact, zipped", fmt.Sprintf("%.2f MB (bootstrap %.2f MB)", mb, float64(raw)/(1<<20)),
			measured + " (deflate, as sam package zips it)", "≤ 10 MB", verdict(zipped <= 10<<20)})
	}
	dirs, _ := filepath.Glob(filepath.Join("functions", "*", "main.go"))
	sort.Strings(dirs)
	// The floor: a Go Lambda that does nothing but ask for its first
	// invocation. What it takes is the runtime's and the machine's, not
	// the functions'.
	pkgs := append([]string{"./cmd/doorstep/internal/emptylambda"}, dirs...)
	for _, main := range pkgs {
		pkg, name := main, "empty Go Lambda (the floor)"
		if main != pkgs[0] {
			pkg = "./" + filepath.Dir(main)
			name = logicalID(filepath.Base(filepath.Dir(main)))
		}
		fmt.Fprintf(os.Stderr, "bench: init of %s, %d runs\n", pkg, runs)
		m, err := measureInit(ctx, pkg, runs)
		if err != nil {
			rows = append(rows, row{name + " init", "not measured: " + err.Error(), "-", "< 50 ms", "-"})
			continue
		}
		rows = append(rows, m.rows(name, runs, main == pkgs[0])...)
	}
	return rows, nil
}

// logicalID is the template's logical id of the function in functions/dir
// ("delivery-check" is DeliveryCheckFunction).
func logicalID(dir string) string {
	var b strings.Builder
	for _, part := range strings.Split(dir, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String() + "Function"
}

// initRuns are one function's init measurements.
type initRuns struct {
	wall, cpu []time.Duration
	// pkgInit is each package's fastest init (GODEBUG=inittrace=1) over
	// the runs: what it costs with the least waiting for a core.
	pkgInit map[string]time.Duration
	load    [2]string // the one-minute load average before and after
}

// measureInit builds pkg for this machine and starts it runs times
// against a fake Lambda runtime API, then runs times more with
// GODEBUG=inittrace=1 for its packages' init.
func measureInit(ctx context.Context, pkg string, runs int) (*initRuns, error) {
	bin := filepath.Join(os.TempDir(), fmt.Sprintf("doorstep-bench-%d-%s", os.Getpid(), strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "-")))
	if err := buildNative(ctx, pkg, bin); err != nil {
		return nil, err
	}
	defer os.Remove(bin)
	m := &initRuns{pkgInit: map[string]time.Duration{}}
	m.load[0] = loadAvg()
	for i := 0; i < runs; i++ {
		r, err := initTime(ctx, bin, false)
		if err != nil {
			return nil, err
		}
		m.wall, m.cpu = append(m.wall, r.wall), append(m.cpu, r.cpu)
	}
	for i := 0; i < runs; i++ {
		r, err := initTime(ctx, bin, true)
		if err != nil {
			return nil, err
		}
		for p, d := range r.pkgInit {
			if old, ok := m.pkgInit[p]; !ok || d < old {
				m.pkgInit[p] = d
			}
		}
	}
	m.load[1] = loadAvg()
	return m, nil
}

// rows are the table's lines for one function's init: wall and CPU time,
// then its packages' init.
func (m *initRuns) rows(name string, runs int, floor bool) []row {
	wall, cpu := spread(m.wall), spread(m.cpu)
	how := fmt.Sprintf("%s (median [fastest–slowest] of %d starts; load %s→%s)", measured, runs, m.load[0], m.load[1])
	v := "NO"
	switch {
	case median(m.wall) < 50*time.Millisecond && median(m.cpu) < 50*time.Millisecond:
		v = "yes"
	case median(m.cpu) < 50*time.Millisecond:
		v = "CPU yes, wall NO"
	}
	budget := "< 50 ms"
	if floor {
		budget, v = "(the runtime's, not ours)", "-"
	}
	rows := []row{{name + " init", "wall " + wall + "; CPU " + cpu, how, budget, v}}
	type pkgTime struct {
		pkg string
		d   time.Duration
	}
	var pkgs []pkgTime
	var total time.Duration
	for p, d := range m.pkgInit {
		pkgs = append(pkgs, pkgTime{p, d})
		total += d
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].d > pkgs[j].d })
	top := []string{}
	for _, p := range pkgs[:min(4, len(pkgs))] {
		top = append(top, fmt.Sprintf("%s %.1f", strings.TrimPrefix(strings.TrimPrefix(p.pkg, "github.com/aws/aws-sdk-go-v2/"), "github.com/doorstep-ai/doorstep/"), ms(p.d)))
	}
	return append(rows, row{name + " package init", fmt.Sprintf("%.1f ms; most: %s", ms(total), strings.Join(top, ", ")),
		measured + fmt.Sprintf(" (inittrace, each package's fastest of %d)", runs), "(within init)", "-"})
}

// spread is "median [fastest–slowest]" in milliseconds.
func spread(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	return fmt.Sprintf("%.1f ms [%.1f–%.1f]", ms(median(s)), ms(s[0]), ms(s[len(s)-1]))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// printRows prints the table.
func printRows(out io.Writer, rows []row) error {
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "measure\tthis run\thow\tbudget (DESIGN.md §7)\tmet\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.what, r.value, r.how, r.budget, r.verdict)
	}
	return tw.Flush()
}

// zippedSize is the size of bootstrap zipped as SAM packages a function
// (one deflated entry named bootstrap), and its own size.
func zippedSize(bootstrap string) (zipped, raw int64, err error) {
	f, err := os.Open(bootstrap)
	if err != nil {
		return 0, 0, fmt.Errorf("zip %s: %w", bootstrap, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, fmt.Errorf("zip %s: %w", bootstrap, err)
	}
	var n countingWriter
	zw := zip.NewWriter(&n)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = io.Copy(w, f)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return 0, 0, fmt.Errorf("zip %s: %w", bootstrap, err)
	}
	return int64(n), st.Size(), nil
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

var metricRe = regexp.MustCompile(`([0-9.]+) ([^\s]+)`)

// goBench runs one benchmark and returns its metrics by unit.
func goBench(ctx context.Context, b benchmark) (map[string]float64, error) {
	args := []string{"test", "-run", "^$", "-bench", b.name, "-benchtime", b.benchtime}
	if b.cpu != "" {
		args = append(args, "-cpu", b.cpu)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, b.pkg)...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, buf.String())
	}
	m := map[string]float64{}
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		for _, x := range metricRe.FindAllStringSubmatch(line, -1) {
			v, err := strconv.ParseFloat(x[1], 64)
			if err == nil {
				m[x[2]] = v
			}
		}
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s %s printed no result:\n%s", b.pkg, b.name, buf.String())
	}
	return m, nil
}

// buildNative builds a function for this machine (the arm64 bootstrap may
// not run here) with the flags make build uses, to time its start.
func buildNative(ctx context.Context, pkg, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if o, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s: %v: %s", pkg, err, o)
	}
	return nil
}

// initRun is one start of a function.
type initRun struct {
	wall, cpu time.Duration
	pkgInit   map[string]time.Duration // with inittrace: each package's init
}

// initTime starts a function against a fake Lambda runtime API and times
// from process start to its first request for an invocation: what Lambda
// bills as init (config, clients) plus process start. cpu is what the
// process's threads used by then (a loaded machine makes the wall time
// wait for a core, and the CPU time somewhat longer too). With inittrace
// the runtime reports each package's init.
func initTime(ctx context.Context, bin string, inittrace bool) (initRun, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return initRun{}, err
	}
	type arrival struct {
		at  time.Time
		cpu time.Duration
	}
	var pid atomic.Int64
	next := make(chan arrival, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The secrets (pkg/secrets), answered as Secrets Manager would.
		if r.Header.Get("X-Amz-Target") == "secretsmanager.GetSecretValue" {
			benchSecret(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/invocation/next") {
			select {
			case next <- arrival{time.Now(), processCPU(int(pid.Load()))}:
			default:
			}
			<-r.Context().Done()
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = lambdaEnv(ln.Addr().String())
	if inittrace {
		cmd.Env = append(cmd.Env, "GODEBUG=inittrace=1")
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr // its logs, for an error
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return initRun{}, err
	}
	pid.Store(int64(cmd.Process.Pid))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() { _ = cmd.Process.Kill(); <-exited }
	select {
	case a := <-next:
		stop() // then stderr is complete
		r := initRun{wall: a.at.Sub(start), cpu: a.cpu}
		if inittrace {
			r.pkgInit = parseInittrace(stderr.String())
		}
		return r, nil
	case err := <-exited:
		return initRun{}, fmt.Errorf("exited before asking for an invocation (%v): %s", err, lastLine(stderr.String()))
	case <-ctx.Done():
		stop()
		return initRun{}, fmt.Errorf("waiting for the first request for an invocation: %w", ctx.Err())
	case <-time.After(initWait):
		stop()
		return initRun{}, fmt.Errorf("no request for an invocation within %s: %s", initWait, lastLine(stderr.String()))
	}
}

// initWait bounds the wait for a function's first request for an
// invocation: only a hung start reaches it. It is generous on purpose:
// what is measured is how long init takes, however long that is on a
// loaded machine (the test that runs this shares 2 cores with many).
const initWait = 2 * time.Minute

// lambdaEnv is the environment a function gets: what Lambda sets, and the
// variables the template gives the functions (all of them, so every
// optional part is on), with the Secrets Manager endpoint at addr. Nothing
// from this machine's environment (an AWS_CA_BUNDLE here, say, would add
// reading certificates that Lambda does not do).
func lambdaEnv(addr string) []string {
	return []string{
		"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=en_US.UTF-8", "TZ=:UTC",
		"AWS_LAMBDA_RUNTIME_API=" + addr, "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_LAMBDA_FUNCTION_NAME=bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench", "AWS_SESSION_TOKEN=bench",
		"_HANDLER=bootstrap", "LAMBDA_TASK_ROOT=/var/task", "LAMBDA_RUNTIME_DIR=/var/runtime",
		"AWS_ENDPOINT_URL_SECRETS_MANAGER=http://" + addr,
		// The template's Globals.
		"TABLE_NAME=bench", "LOG_LEVEL=INFO", "SHOP_DOMAIN=bench.myshopify.com", "BEDROCK_MODEL_ID=us.amazon.nova-micro-v1:0",
		"SUPPORT_EMAIL=support@example.com", "SHOPIFY_SECRET_ARN=bench-shopify", "SHOPIFY_API_VERSION=2026-10",
		"SHOP_TIMEZONE=America/New_York", // else init asks Shopify
		// Each function's own.
		"SHOP_NAME=Bench", "SHOP_URL=https://bench.myshopify.com", "PHOTOS_BUCKET=photos", "MAX_PHOTO_BYTES=4194304",
		"CHAT_TOKEN_SECRET_ARN=bench-chat", "CUSTOMER_TOKEN_SECRET_ARN=bench-customer", "LINK_SIGNING_SECRET_ARN=bench-links",
		"TRACKING_SECRET_ARN=bench-tracking", "INBOUND_BUCKET=inbound", "INBOUND_PREFIX=inbound/", "MAX_REPLIES_PER_HOUR=5",
		"PUBLIC_BASE_URL=https://bench.execute-api.us-east-1.amazonaws.com",
		"STAFF_EMAIL=staff@example.com", "ESCALATION_SLA=4h",
		"COGNITO_USER_POOL_ID=us-east-1_bench", "COGNITO_CLIENT_ID=bench", "SMS_ENABLED=true", "SMS_SENDER_ID=Bench",
		"OUTREACH_STATE_MACHINE_ARN=arn:aws:states:us-east-1:1:stateMachine:o",
		"ESCALATION_STATE_MACHINE_ARN=arn:aws:states:us-east-1:1:stateMachine:e",
		"PROMISE_STATE_MACHINE_ARN=arn:aws:states:us-east-1:1:stateMachine:p",
	}
}

// parseInittrace reads the runtime's "init <pkg> @<t> ms, <d> ms clock,
// ..." lines.
func parseInittrace(stderr string) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, line := range strings.Split(stderr, "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		v, err := strconv.ParseFloat(f[4], 64)
		if err == nil {
			out[f[1]] += time.Duration(v * float64(time.Millisecond))
		}
	}
	return out
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// processCPU is the CPU time a process's threads have used so far (Linux
// /proc/<pid>/task/*/schedstat, first field, nanoseconds); 0 where that is
// not readable.
func processCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var total int64
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			n, _ := strconv.ParseInt(f[0], 10, 64)
			total += n
		}
	}
	return time.Duration(total)
}

// loadAvg is the one-minute load average ("?" where unknown).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchSecret answers GetSecretValue: a key (or the Shopify or tracking
// secrets) at AWSCURRENT, no AWSPREVIOUS (a secret never rotated).
func benchSecret(w http.ResponseWriter, r *http.Request) {
	var in struct{ SecretId, VersionStage string }
	_ = json.NewDecoder(r.Body).Decode(&in)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if in.VersionStage == "AWSPREVIOUS" {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"ResourceNotFoundException","message":"no AWSPREVIOUS"}`))
		return
	}
	value := strings.Repeat("b", 48)
	switch in.SecretId {
	case "bench-tracking":
		value = `{"easypost":"e","aftership":"a"}`
	case "bench-shopify":
		value = `{"webhook_secrets":"bench.myshopify.com=s","admin_tokens":"bench.myshopify.com=t"}`
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"Name": in.SecretId, "SecretString": value, "VersionStages": []string{"AWSCURRENT"}})
}
