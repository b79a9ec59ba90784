package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// sendWebhook posts a file as a signed Shopify webhook to the local runner,
// the way Shopify would.
func sendWebhook(ctx context.Context, args []string) error {
	if len(args) < 2 || len(args) > 3 {
		return errors.New("usage: doorstep webhook TOPIC FILE [EVENT_ID]")
	}
	topic, file := args[0], args[1]
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	eventID := strconv.FormatInt(time.Now().UnixNano(), 10)
	if len(args) == 3 {
		eventID = args[2]
	}
	s := loadSettings()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+s.Addr+"/webhooks/shopify", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(shopify.HeaderTopic, topic)
	req.Header.Set(shopify.HeaderShopDomain, s.Shop)
	req.Header.Set(shopify.HeaderEventID, eventID)
	req.Header.Set(shopify.HeaderWebhookID, eventID)
	req.Header.Set(shopify.HeaderTriggeredAt, time.Now().UTC().Format(time.RFC3339))
	req.Header.Set(shopify.HeaderHMAC, shopify.Sign([]byte(s.Secret), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is the runner up (make dev)? %w", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	fmt.Printf("%d %s", resp.StatusCode, out)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("runner answered %s", resp.Status)
	}
	return nil
}
