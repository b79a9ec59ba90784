package secrets_test

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/secrets"
)

func TestLoadReturnLabels(t *testing.T) {
	for _, tt := range []struct {
		name, env, value, want, err string
	}{
		{"key", "arn:l", `{"easypost_api_key":" EZAK_1 "}`, "EZAK_1", ""},
		{"empty key: no labels", "arn:l", `{"easypost_api_key":""}`, "", ""},
		{"unset: no labels", "", `{}`, "", ""},
		{"not json", "arn:l", `EZAK_1`, "", "easypost_api_key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(secrets.ReturnLabels, tt.env)
			got, err := secrets.LoadReturnLabels(context.Background(), fakeStages{values: map[string]string{"AWSCURRENT": tt.value}})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
