package agent

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Store credit (DESIGN.md §1 row 19): where a customer takes credit instead
// of a refund, the amount (bonus included, exact in minor units) goes to
// their store credit account at the shop, or, where the shop cannot hold
// credit for them (no customer account, a currency the account does not
// take), onto a gift card whose code they are given.

// StoreCreditIssuer is the Commerce port method that issues credit: package
// shopify (storeCreditAccountCredit, else giftCardCreate) in AWS, package
// demoshop locally.
type StoreCreditIssuer interface {
	IssueStoreCredit(ctx context.Context, r StoreCreditRequest) (StoreCreditResult, error)
}

// StoreCreditRequest is credit for a customer of an order.
type StoreCreditRequest struct {
	Shop       string
	OrderID    string
	OrderName  string
	CustomerID string // the shop's customer id; "" for a guest checkout
	Email      string
	Amount     order.Money // minor units of Currency, bonus included
	Currency   string
	Note       string // for the staff
	// IdempotencyKey is the proposal's id.
	IdempotencyKey string
}

// How credit was issued.
const (
	CreditAccount  = "store_credit_account"
	CreditGiftCard = "gift_card"
)

// StoreCreditResult is the credit issued.
type StoreCreditResult struct {
	Kind string // CreditAccount or CreditGiftCard
	ID   string // the transaction's or gift card's id
	// Code is a gift card's code, for the customer; "" for account credit.
	Code string
}

// issueCredit issues p's amount as store credit to o's customer.
func issueCredit(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (StoreCreditResult, error) {
	c, ok := a.Commerce.(StoreCreditIssuer)
	if !ok {
		return StoreCreditResult{}, fmt.Errorf("store credit: %w: this shop connection cannot issue store credit", ErrCommerceRejected)
	}
	if p.Amount <= 0 {
		return StoreCreditResult{}, fmt.Errorf("store credit of %d: %w", p.Amount, ErrCommerceRejected)
	}
	return c.IssueStoreCredit(ctx, StoreCreditRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, CustomerID: o.Customer.ID, Email: o.Email,
		Amount: p.Amount, Currency: p.Currency, Note: "doorstep " + p.Tool + " " + o.Name + " (proposal " + p.ID + ")", IdempotencyKey: p.ID})
}

// creditDetail is the record of credit issued: "store credit 123" or
// "gift card 456 code ABCD…".
func creditDetail(r StoreCreditResult) string {
	if r.Kind == CreditGiftCard {
		return "gift card " + r.ID + " code " + r.Code
	}
	return "store credit " + r.ID
}

// storeCreditOffer is the sentence that offers store credit instead of a
// refund of value, when the merchant gives a bonus.
func storeCreditOffer(value order.Money, currency string, bonus int, credit order.Money) string {
	if bonus <= 0 || value <= 0 {
		return ""
	}
	return fmt.Sprintf(" If you'd rather have store credit, it would be %s instead (a %d%% bonus), to spend straight away: just ask.", money(credit, currency), bonus)
}

// creditResult tells the model how credit was issued, from the record:
// on the customer's account, or a gift card and its code.
func creditResult(detail string) map[string]any {
	if _, code, ok := strings.Cut(detail, " code "); ok {
		return map[string]any{"issued_as": CreditGiftCard, "gift_card_code": code, "instruction": "give the customer this gift card code; it is also on its way by email"}
	}
	if strings.Contains(detail, "store credit") {
		return map[string]any{"issued_as": CreditAccount, "where": "the customer's store credit account: it applies at checkout when signed in"}
	}
	return map[string]any{"issued_as": "pending"}
}

// coveredByParcel says why lines of o cannot also be refunded or credited
// on a return, in words for the customer, or "" when they can: the parcel
// that brought them was made good already (replaced, refunded or credited,
// by the agent, a promise or the delivery check), or the customer's report
// that it never came is still open (its outcome covers them). problems are
// the delivery check's findings (Deliveries.OrderProblems). A parcel that
// lists no items holds them all.
func coveredByParcel(o order.Order, problems []map[string]any, lines []conversation.ProposalLine) string {
	for _, l := range lines {
		for _, sh := range o.Shipments {
			if sh.Cancelled() || (len(sh.LineItemIDs) > 0 && !slices.Contains(sh.LineItemIDs, l.LineItemID)) {
				continue
			}
			if done, ok := madeGood(problems, sh.ID); ok {
				return fmt.Sprintf("the %s came in a parcel that was made good already (%s), so it can't also be refunded or credited", l.Title, done)
			}
			for _, p := range problems {
				if id, _ := p["shipment_id"].(string); id != sh.ID || p["outcome"] != nil {
					continue
				}
				if k := p["problem"]; k == "not_received" || k == "lost" {
					return fmt.Sprintf("your report that the parcel with the %s never came is still open, and what we do about it covers the %s, so it can't also be returned for a refund or credit", l.Title, l.Title)
				}
			}
		}
	}
	return ""
}
