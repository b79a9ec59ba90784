package secrets

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ReturnLabels names the variable holding the ARN of the return label
// provider's secret, JSON {"easypost_api_key": "..."}; unset, or with an
// empty key, the tracking page gives return instructions instead of labels.
const ReturnLabels = "RETURN_LABELS_SECRET_ARN"

// LoadReturnLabels reads the EasyPost API key from the secret named by
// RETURN_LABELS_SECRET_ARN; "" when there is none.
func LoadReturnLabels(ctx context.Context, client Getter) (string, error) {
	id := strings.TrimSpace(os.Getenv(ReturnLabels))
	if id == "" {
		return "", nil
	}
	raw, err := readStage(ctx, client, id, stageCurrent)
	if err != nil {
		return "", fmt.Errorf("read secret %s: %w", ReturnLabels, err)
	}
	var v struct {
		EasyPost string `json:"easypost_api_key"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fmt.Errorf("secret %s is not JSON {\"easypost_api_key\": \"...\"}: %w", ReturnLabels, err)
	}
	return strings.TrimSpace(v.EasyPost), nil
}
