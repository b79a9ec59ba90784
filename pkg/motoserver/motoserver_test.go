package motoserver

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

func get(t *testing.T, endpoint string) error {
	t.Helper()
	resp, err := http.Get(endpoint + "/moto-api/")
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

func TestRunAndStop(t *testing.T) {
	s, err := Run(MotoServer)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := get(t, s.Endpoint); err != nil {
		t.Fatalf("server does not answer: %v", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	select {
	case <-s.exited:
	default:
		t.Fatal("process still running after Stop")
	}
	if err := get(t, s.Endpoint); err == nil {
		t.Error("server still answers after Stop")
	}
}

func TestStart(t *testing.T) {
	endpoint := Start(t)
	if err := get(t, endpoint); err != nil {
		t.Fatalf("server does not answer: %v", err)
	}
}

func TestSharedIsOneServer(t *testing.T) {
	a, b := Shared(t), Shared(t)
	if a != b {
		t.Errorf("Shared endpoints differ: %s, %s", a, b)
	}
	if err := get(t, a); err != nil {
		t.Fatalf("shared server does not answer: %v", err)
	}
}

func TestMissingServerNamesInstallCommand(t *testing.T) {
	_, err := Run(func(string, int) (string, []string) { return "no-such-moto-server", nil })
	if err == nil || !strings.Contains(err.Error(), InstallHint) {
		t.Errorf("Run err = %v, want it to name %q", err, InstallHint)
	}
}

func TestEarlyExitIsReported(t *testing.T) {
	_, err := Run(func(string, int) (string, []string) { return "sh", []string{"-c", "echo boom >&2; exit 3"} })
	if !errors.Is(err, errExited) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Run err = %v, want an early exit with its output", err)
	}
}
