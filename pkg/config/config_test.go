package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSecrets(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string][]byte
		wantErr bool
	}{
		{"a.myshopify.com=s1", map[string][]byte{"a.myshopify.com": []byte("s1")}, false},
		{" A.myshopify.com = s1 , b.myshopify.com=s=2 ", map[string][]byte{"a.myshopify.com": []byte("s1"), "b.myshopify.com": []byte("s=2")}, false},
		{"", nil, true},
		{"a.myshopify.com", nil, true},
		{"a.myshopify.com=", nil, true},
		{"=secret", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSecrets("X", tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if d := cmp.Diff(tt.want, got); !tt.wantErr && d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestRequired(t *testing.T) {
	t.Setenv("DOORSTEP_TEST_SET", "x")
	if v, err := Required("DOORSTEP_TEST_SET"); err != nil || v != "x" {
		t.Errorf("Required(set) = %q, %v", v, err)
	}
	if _, err := Required("DOORSTEP_TEST_UNSET"); err == nil || !strings.Contains(err.Error(), "DOORSTEP_TEST_UNSET") {
		t.Errorf("Required(unset) err = %v, want it to name the variable", err)
	}
}
