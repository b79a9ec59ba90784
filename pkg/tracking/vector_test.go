package tracking_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// EasyPost's official webhook test vector, the one its client libraries
// test against (EasyPost/examples, official/fixtures: event-body.json
// without its final newline, secret "sécret", and the hmac_signature in
// client-library-fixtures.json). EasyPost keys the HMAC with the secret in
// Unicode NFKD, so the precomposed é must be decomposed first.
const (
	easyPostVectorSecret    = "s\u00e9cret" // as a merchant types it: é precomposed (NFC)
	easyPostVectorSignature = "hmac-sha256-hex=38f3f53c103713df81616a0a186d77141957323ec21d5fe9363db93840f527db"
)

func TestEasyPostOfficialVector(t *testing.T) {
	body := fixture(t, "easypost_official_vector.json")
	tests := []struct {
		name, secret, header string
		want                 bool
	}{
		{"official vector, NFC secret", easyPostVectorSecret, easyPostVectorSignature, true},
		{"official vector, secret already NFKD", "se\u0301cret", easyPostVectorSignature, true},
		{"hex in upper case", easyPostVectorSecret, "hmac-sha256-hex=" + strings.ToUpper(strings.TrimPrefix(easyPostVectorSignature, "hmac-sha256-hex=")), true},
		{"another secret", "secret", easyPostVectorSignature, false},
		{"last digit changed", easyPostVectorSecret, strings.TrimSuffix(easyPostVectorSignature, "b") + "c", false},
		{"without the prefix", easyPostVectorSecret, strings.TrimPrefix(easyPostVectorSignature, "hmac-sha256-hex="), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tracking.Verify(tracking.EasyPost, []byte(tt.secret), body, tt.header); got != tt.want {
				t.Errorf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
	if got := tracking.SignEasyPost([]byte(easyPostVectorSecret), body); got != easyPostVectorSignature {
		t.Errorf("SignEasyPost = %s, want %s", got, easyPostVectorSignature)
	}
	// A trailing newline is a different body.
	if tracking.Verify(tracking.EasyPost, []byte(easyPostVectorSecret), append(body, '\n'), easyPostVectorSignature) {
		t.Error("the vector verified for a changed body")
	}
}

// Through the endpoint: the official vector is accepted (its tracker "1" is
// not one of ours, so it is acknowledged and ignored), not refused with 401.
func TestEasyPostOfficialVectorOverHTTP(t *testing.T) {
	e := newEnv(t, map[string][]byte{tracking.EasyPost: []byte(easyPostVectorSecret)})
	body := fixture(t, "easypost_official_vector.json")
	status, resp := e.post(t, tracking.EasyPost, body, map[string]string{tracking.HeaderEasyPost: easyPostVectorSignature})
	if status != 200 || !strings.Contains(resp, `"ignored"`) {
		t.Errorf("official vector: %d %s, want 200 ignored", status, resp)
	}
	status, resp = e.post(t, tracking.EasyPost, body, map[string]string{tracking.HeaderEasyPost: tracking.SignEasyPost([]byte("sécret-not"), body)})
	if status != 401 {
		t.Errorf("wrong secret: %d %s, want 401", status, resp)
	}
}
