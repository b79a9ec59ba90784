package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// zippedSize zips as SAM does: one deflated, executable entry named
// bootstrap, whose size it reports.
func TestZippedSize(t *testing.T) {
	dir := t.TempDir()
	boot := filepath.Join(dir, "bootstrap")
	content := bytes.Repeat([]byte("doorstep "), 100_000)
	if err := os.WriteFile(boot, content, 0o755); err != nil {
		t.Fatal(err)
	}
	zipped, raw, err := zippedSize(boot)
	if err != nil {
		t.Fatal(err)
	}
	if raw != int64(len(content)) {
		t.Errorf("raw size %d, want %d", raw, len(content))
	}
	if zipped <= 0 || zipped >= raw/10 {
		t.Errorf("zipped size %d for %d repetitive bytes, want it deflated", zipped, raw)
	}
	// The same bytes, written to a file, are a zip SAM would have made.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, _ := zw.CreateHeader(h)
	_, _ = w.Write(content)
	_ = zw.Close()
	if int64(buf.Len()) != zipped {
		t.Errorf("zippedSize %d, a written zip is %d bytes", zipped, buf.Len())
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(zr.File) != 1 || zr.File[0].Name != "bootstrap" || zr.File[0].Mode()&0o111 == 0 {
		t.Fatalf("zip: %v, %+v", err, zr)
	}
	rc, _ := zr.File[0].Open()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, content) {
		t.Error("the zip does not hold the bootstrap")
	}
}

// The runtime's inittrace lines give each package's init time; other lines
// (the function's own logs) are not read as such.
func TestParseInittrace(t *testing.T) {
	got := parseInittrace("init runtime @0.24 ms, 5.7 ms clock, 0 bytes, 0 allocs\n" +
		"init github.com/doorstep-ai/doorstep/pkg/mailparse @12 ms, 0.50 ms clock, 1024 bytes, 10 allocs\n" +
		`{"level":"INFO","msg":"init github.com/x @1 ms, 9 ms clock"}` + "\n" +
		"init done\n")
	want := map[string]time.Duration{"runtime": 5700 * time.Microsecond, "github.com/doorstep-ai/doorstep/pkg/mailparse": 500 * time.Microsecond}
	if len(got) != len(want) {
		t.Fatalf("parsed %v, want %v", got, want)
	}
	for p, d := range want {
		if got[p] != d {
			t.Errorf("%s: %v, want %v", p, got[p], d)
		}
	}
}

func TestLogicalID(t *testing.T) {
	for dir, want := range map[string]string{"chat": "ChatFunction", "delivery-check": "DeliveryCheckFunction",
		"sms-inbound": "SmsInboundFunction", "trackpage": "TrackpageFunction"} {
		if got := logicalID(dir); got != want {
			t.Errorf("logicalID(%q) = %q, want %q", dir, got, want)
		}
	}
}

func TestSpread(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	if got, want := spread([]time.Duration{ms(30), ms(10), ms(20), ms(90), ms(25)}), "25.0 ms [10.0–90.0]"; got != want {
		t.Errorf("spread = %q, want %q", got, want)
	}
}

// A function runs in Lambda's environment, not this machine's: nothing
// set here (AWS_CA_BUNDLE, HOME, GODEBUG) reaches it.
func TestLambdaEnvIsNotThisMachines(t *testing.T) {
	t.Setenv("AWS_CA_BUNDLE", "/etc/ssl/bundle.pem")
	t.Setenv("GODEBUG", "inittrace=1")
	env := lambdaEnv("127.0.0.1:9001")
	seen := map[string]bool{}
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if seen[k] {
			t.Errorf("%s set twice", k)
		}
		seen[k] = true
	}
	for _, k := range []string{"AWS_CA_BUNDLE", "HOME", "GODEBUG"} {
		if seen[k] {
			t.Errorf("%s is in the function's environment", k)
		}
	}
	for _, k := range []string{"AWS_LAMBDA_RUNTIME_API", "TABLE_NAME", "SHOPIFY_SECRET_ARN", "AWS_ENDPOINT_URL_SECRETS_MANAGER"} {
		if !seen[k] {
			t.Errorf("%s is missing", k)
		}
	}
}

// An empty Go Lambda started against the fake runtime API asks for its
// first invocation; the time it took, the CPU it used (on Linux) and its
// packages' init are all reported.
func TestMeasureInitEmptyLambda(t *testing.T) {
	m, err := measureInit(t.Context(), "./internal/emptylambda", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.wall) != 1 || m.wall[0] <= 0 {
		t.Errorf("wall times %v, want one positive", m.wall)
	}
	if _, err := os.Stat("/proc/self/task"); err == nil && m.cpu[0] <= 0 {
		t.Errorf("CPU time %v, want it read from /proc", m.cpu[0])
	}
	if _, ok := m.pkgInit["runtime"]; !ok {
		t.Errorf("package init %v has no runtime", m.pkgInit)
	}
	rows := m.rows("empty", 1, true)
	if len(rows) != 2 || !strings.HasPrefix(rows[0].value, "wall ") || !strings.Contains(rows[0].value, "; CPU ") {
		t.Errorf("rows %+v", rows)
	}
}

// The doorstep packages' own init (package-level values) stays small in a
// function that uses little of them: what only some functions use (the
// agent's consent patterns, say: 950 KB and 3,547 allocations) is built at
// first use. Allocated bytes do not depend on the machine's load, unlike
// init time; GODEBUG=inittrace=1 reports them before main runs.
func TestOwnPackagesInitSmall(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "tracking-webhooks")
	if err := buildNative(t.Context(), "github.com/doorstep-ai/doorstep/functions/tracking-webhooks", bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), bin)
	cmd.Env = []string{"GODEBUG=inittrace=1"} // main then stops: no environment
	out, _ := cmd.CombinedOutput()
	const budget = 256 << 10
	total, biggest, biggestPkg := 0, 0, ""
	for _, line := range strings.Split(string(out), "\n") {
		// init <pkg> @<t> ms, <d> ms clock, <n> bytes, <m> allocs
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," || !strings.HasPrefix(f[1], "github.com/doorstep-ai/doorstep/") {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", line, err)
		}
		total += n
		if n > biggest {
			biggest, biggestPkg = n, f[1]
		}
	}
	if biggestPkg == "" {
		t.Fatalf("no inittrace line for a doorstep package in:\n%s", out)
	}
	t.Logf("doorstep packages' init: %d bytes; most: %s %d", total, biggestPkg, biggest)
	if total > budget {
		t.Errorf("doorstep packages' init allocates %d bytes (most: %s, %d), over %d: build what only some functions use at first use", total, biggestPkg, biggest, budget)
	}
}
