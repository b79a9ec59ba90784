// Package config reads settings from the environment, failing start-up with
// a message that names the variable when one is missing or malformed.
package config

import (
	"fmt"
	"os"
	"strings"
)

// Required returns the variable's value, or an error naming it.
func Required(name string) (string, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return "", fmt.Errorf("environment variable %s is required", name)
	}
	return v, nil
}

// Default returns the variable's value, or def when it is unset or empty.
func Default(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

// ParseSecrets reads comma-separated "shop-domain=secret" pairs, as in
// SHOPIFY_WEBHOOK_SECRETS. name is the variable's name, for errors.
func ParseSecrets(name, value string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, pair := range strings.Split(value, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		shop, secret, ok := strings.Cut(pair, "=")
		shop, secret = strings.TrimSpace(shop), strings.TrimSpace(secret)
		if !ok || shop == "" || secret == "" {
			return nil, fmt.Errorf("%s: want shop-domain=secret pairs separated by commas", name)
		}
		out[strings.ToLower(shop)] = []byte(secret)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no shop-domain=secret pair", name)
	}
	return out, nil
}

// Load reads required variables, naming every missing one in the error.
func Load(names ...string) (map[string]string, error) {
	out := map[string]string{}
	var missing []string
	for _, n := range names {
		v := strings.TrimSpace(os.Getenv(n))
		if v == "" {
			missing = append(missing, n)
			continue
		}
		out[n] = v
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("environment variables required: %s", strings.Join(missing, ", "))
	}
	return out, nil
}
