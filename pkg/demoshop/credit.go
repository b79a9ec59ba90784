package demoshop

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/money"
)

// ActionStoreCredit is store credit issued, in the log.
const ActionStoreCredit = "store_credit"

var _ agent.StoreCreditIssuer = (*Shop)(nil)

// IssueStoreCredit credits the customer's store credit account, as
// Shopify's storeCreditAccountCredit does; a guest order (no customer
// account) gets a gift card with a code instead. The same idempotency key
// issues once: the id (and code) derive from it.
func (s *Shop) IssueStoreCredit(ctx context.Context, r agent.StoreCreditRequest) (agent.StoreCreditResult, error) {
	if r.Amount <= 0 {
		return agent.StoreCreditResult{}, fmt.Errorf("demo shop store credit of %d: %w", r.Amount, agent.ErrCommerceRejected)
	}
	o, err := s.Store.GetOrder(ctx, r.Shop, r.OrderID)
	if err != nil {
		return agent.StoreCreditResult{}, fmt.Errorf("demo shop store credit: %w", err)
	}
	if r.Currency != o.Currency {
		return agent.StoreCreditResult{}, fmt.Errorf("demo shop store credit in %s on a %s order: %w", r.Currency, o.Currency, agent.ErrCommerceRejected)
	}
	id := demoID("credit", r.Shop, r.IdempotencyKey)
	res := agent.StoreCreditResult{Kind: agent.CreditAccount, ID: id}
	detail := map[string]any{"issued_as": agent.CreditAccount, "transaction_id": id, "notify": true}
	if r.CustomerID == "" {
		res = agent.StoreCreditResult{Kind: agent.CreditGiftCard, ID: id, Code: giftCardCode(r.Shop, r.IdempotencyKey)}
		detail = map[string]any{"issued_as": agent.CreditGiftCard, "gift_card_id": id, "code": res.Code}
	} else {
		detail["customer_id"] = r.CustomerID
	}
	if err := s.record(ctx, "credit-"+id, Action{Type: ActionStoreCredit, Order: o.Name, Amount: money.Decimal(int64(r.Amount), r.Currency), Currency: r.Currency,
		Detail: detail, At: s.Clock.Now()}); err != nil {
		return agent.StoreCreditResult{}, err
	}
	return res, nil
}

// giftCardCode is a 16-character code (Shopify takes 8 to 20 letters and
// digits), derived from the key.
func giftCardCode(parts ...string) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // 32: no 0/O, 1/I
	h := sha256.Sum256([]byte(fmt.Sprint(append([]string{"giftcard"}, parts...))))
	var b strings.Builder
	for _, c := range h[:16] {
		b.WriteByte(alphabet[c%32])
	}
	return b.String()
}
