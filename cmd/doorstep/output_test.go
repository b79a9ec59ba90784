package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Without overwrite, a file that appeared at the name during the run is
// kept and the results go to the next free name; with it, the file is
// replaced whole.
func TestWriteOutput(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "simulation.json")
	got, err := writeOutput(name, []byte("first"), false)
	if err != nil || got != name {
		t.Fatalf("writeOutput = %s, %v; want %s", got, err, name)
	}
	for _, want := range []string{"simulation-2.json", "simulation-3.json"} {
		got, err := writeOutput(name, []byte(want), false)
		if err != nil || got != filepath.Join(dir, want) {
			t.Fatalf("writeOutput over an existing file = %s, %v; want %s", got, err, want)
		}
	}
	if b, _ := os.ReadFile(name); string(b) != "first" {
		t.Errorf("the first file was changed: %q", b)
	}
	if _, err := writeOutput(name, []byte("second"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); string(b) != "second" {
		t.Errorf("overwrite left %q", b)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("%d files left in the folder, want the 3 saved (no temporary one)", len(entries))
	}
}

// Probing for AWS credentials off EC2 prints no SDK warning about IMDSv1,
// while the instance metadata service is still asked, IMDSv2 first and
// IMDSv1 when it refuses a token, so an instance role is still found.
func TestLoadAWSQuietIMDS(t *testing.T) {
	const role = "doorstep-role"
	creds := `{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"AKIAINSTANCE","SecretAccessKey":"secret","Token":"token","Expiration":"` +
		time.Now().Add(6*time.Hour).UTC().Format(time.RFC3339) + `"}`
	for _, tc := range []struct {
		name         string
		tokens, role bool
		wantKey      string // "": no credentials
	}{
		{"no instance: IMDS refuses everything", false, false, ""},
		{"an instance that refuses IMDSv2 tokens", false, true, "AKIAINSTANCE"},
		{"an instance with IMDSv2", true, true, "AKIAINSTANCE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []string
			imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked = append(asked, r.Method+" "+r.URL.Path)
				switch {
				case r.URL.Path == "/latest/api/token" && tc.tokens:
					w.Header().Set("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", "21600")
					_, _ = w.Write([]byte("a-token"))
				case r.URL.Path == "/latest/meta-data/iam/security-credentials/" && tc.role:
					_, _ = w.Write([]byte(role))
				case r.URL.Path == "/latest/meta-data/iam/security-credentials/"+role && tc.role:
					_, _ = w.Write([]byte(creds))
				default:
					w.WriteHeader(http.StatusForbidden)
				}
			}))
			defer imds.Close()
			noAWS(t)
			t.Setenv("AWS_EC2_METADATA_DISABLED", "")
			t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
			var stderr bytes.Buffer
			cfg, err := loadAWS(t.Context(), &stderr)
			if strings.Contains(stderr.String(), "IMDSv1") {
				t.Errorf("the SDK warned: %s", stderr.String())
			}
			if len(asked) == 0 {
				t.Fatal("the instance metadata service was never asked")
			}
			if tc.wantKey == "" {
				if err == nil || !strings.Contains(err.Error(), "no AWS credentials") {
					t.Fatalf("loadAWS error %v, want no AWS credentials", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadAWS: %v (asked %v)", err, asked)
			}
			c, err := cfg.Credentials.Retrieve(t.Context())
			if err != nil || c.AccessKeyID != tc.wantKey {
				t.Fatalf("credentials %q, %v; want the instance role's %s", c.AccessKeyID, err, tc.wantKey)
			}
		})
	}
}
