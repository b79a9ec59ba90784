// Package motoserver runs moto's AWS emulator (moto_server) for tests.
//
// Start runs one server for one test and stops it when the test ends. Shared
// runs one server for a whole test package: call Main from the package's
// TestMain, then Shared from any test; the server starts on first use and
// stops when the tests are done. Tests that share a server keep out of each
// other's way by naming their own resources (a table per test, say).
//
// The server runs on a free loopback port, in a process group of its own, so
// stopping it also stops anything it started. A Launcher decides the command:
// MotoServer runs the moto_server script on PATH; another launcher (a Python
// script that patches moto before starting it, for example) can be passed to
// StartWith, MainWith or Run.
package motoserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// InstallHint is how to install the pinned moto server.
const InstallHint = "pip install 'moto[server]==5.2.1'"

// Launcher returns the program and arguments that run a moto server
// listening on host:port.
type Launcher func(host string, port int) (name string, args []string)

// MotoServer launches the moto_server script found on PATH.
func MotoServer(host string, port int) (string, []string) {
	return "moto_server", []string{"-H", host, "-p", strconv.Itoa(port)}
}

// readyTimeout bounds how long a new server may take to answer HTTP. It is
// generous on purpose: on a loaded 2-core machine moto's Python start has
// taken over 30s, and a server that dies is noticed at once (exited), so
// only a hung start waits this long.
const readyTimeout = 5 * time.Minute

// Server is a running moto server.
type Server struct {
	// Endpoint is the server's base URL, e.g. "http://127.0.0.1:40123".
	Endpoint string

	cmd    *exec.Cmd
	out    *tailBuffer
	exited chan struct{} // closed when the process has exited
	once   sync.Once
}

// Run starts a server with launcher l and waits until it answers HTTP. A
// port taken between choosing it and the server binding it is retried.
func Run(l Launcher) (*Server, error) {
	name, _ := l("127.0.0.1", 0)
	if _, err := exec.LookPath(name); err != nil {
		return nil, fmt.Errorf("moto server: %s not found on PATH (%v); the AWS adapter tests run against moto: install it with %s", name, err, InstallHint)
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var s *Server
		s, err = run(l)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, errExited) {
			return nil, err
		}
	}
	return nil, err
}

var errExited = errors.New("moto server exited before it was ready")

func run(l Launcher) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("moto server: find a free port: %w", err)
	}
	name, args := l("127.0.0.1", port)
	s := &Server{
		Endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		cmd:      exec.Command(name, args...),
		out:      &tailBuffer{max: 64 << 10},
		exited:   make(chan struct{}),
	}
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.out
	s.cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	ownProcessGroup(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("moto server: start %s: %w", name, err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(); err != nil {
		_ = s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) waitReady() error {
	// Each probe may take as long as the start may: moto answers its first
	// request only once it has loaded, which on a loaded machine takes
	// seconds; a probe cut short would only be sent again. The probe ends
	// at once when the process exits.
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	go func() {
		select {
		case <-s.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("%w (is moto installed? %s); output:\n%s", errExited, InstallHint, s.out.String())
		default:
		}
		if ctx.Err() != nil {
			return fmt.Errorf("moto server at %s did not answer within %s; output:\n%s", s.Endpoint, readyTimeout, s.out.String())
		}
		// Only moto's own answer counts: another server that took the
		// port between its choice and moto's bind (an httptest server of
		// another package) answers too, with a 404, and our process then
		// exits, which the next round sees.
		if s.answers(ctx) {
			return nil
		}
		select { // nothing listens yet: pace the next probe
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// answers reports whether moto's own API answered 200.
func (s *Server) answers(ctx context.Context) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Endpoint+"/moto-api/", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Stop stops the server and everything in its process group.
func (s *Server) Stop() error {
	s.once.Do(func() {
		signalGroup(s.cmd, false)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			signalGroup(s.cmd, true)
			<-s.exited
		}
	})
	return nil
}

// Output returns the last lines the server wrote.
func (s *Server) Output() string { return s.out.String() }

// Start runs a moto_server for t and returns its endpoint; it stops when t
// ends. A missing moto_server fails t, naming the install command.
func Start(t testing.TB) string { return StartWith(t, MotoServer) }

// StartWith is Start with another launcher.
func StartWith(t testing.TB, l Launcher) string {
	t.Helper()
	s, err := Run(l)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	return s.Endpoint
}

// The package's shared server, started by Shared, stopped by Main.
var shared struct {
	mu       sync.Mutex
	inMain   bool
	launcher Launcher
	started  bool
	server   *Server
	err      error
}

// Main runs a test package's tests (call it from TestMain) and then stops
// the shared server, if a test started one, and exits.
func Main(m *testing.M) { MainWith(m, MotoServer) }

// MainWith is Main with another launcher for the shared server.
func MainWith(m *testing.M, l Launcher) {
	shared.mu.Lock()
	shared.inMain, shared.launcher = true, l
	shared.mu.Unlock()

	code := m.Run()

	shared.mu.Lock()
	if shared.server != nil {
		_ = shared.server.Stop()
		if code != 0 { // what moto said helps explain a failure (its 500s)
			fmt.Fprintf(os.Stderr, "moto server output (last lines):\n%s\n", shared.server.Output())
		}
	}
	shared.mu.Unlock()
	os.Exit(code)
}

// Shared returns the endpoint of the package's shared server, starting it on
// first use. The package's TestMain must call Main, which stops it.
func Shared(t testing.TB) string {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.inMain {
		t.Fatalf("motoserver.Shared: the test package needs func TestMain(m *testing.M) { motoserver.Main(m) } to stop the shared server")
	}
	if !shared.started {
		shared.started = true
		shared.server, shared.err = Run(shared.launcher)
	}
	if shared.err != nil {
		t.Fatalf("%v", shared.err)
	}
	return shared.server.Endpoint
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(bytes.TrimSpace(b.buf))
}
