package shopify

// This file is the Admin GraphQL adapter of agent.StoreCreditIssuer.
//
//   - storeCreditAccountCredit(id: ID!, creditInput:
//     StoreCreditAccountCreditInput{creditAmount: MoneyInput{amount,
//     currencyCode}, expiresAt, notify}) credits the store credit account
//     of the owner id names (a Customer gid opens one in that currency when
//     there is none); notify: true sends Shopify's "store credit issued"
//     email. Its user errors carry a StoreCreditAccountCreditUserErrorCode.
//   - giftCardCreate(input: GiftCardCreateInput{initialAmount: MoneyInput,
//     customerId, note}) is the fallback where the shop cannot hold credit
//     for the customer: a guest order (no customer), or an account that
//     refuses the currency. initialValue (Decimal) is deprecated in favour
//     of initialAmount. The payload's giftCardCode is the full code, which
//     the customer is given.

import (
	"context"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
)

const storeCreditMutation = `mutation DoorstepStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
    storeCreditAccountTransaction { amount { amount currencyCode } account { id balance { amount currencyCode } } }
    userErrors { field message code }
  }
}`

const giftCardCreateMutation = `mutation DoorstepGiftCard($input: GiftCardCreateInput!) {
  giftCardCreate(input: $input) {
    giftCard { id }
    giftCardCode
    userErrors { field message code }
  }
}`

// creditFallbackCodes are the storeCreditAccountCredit errors that mean
// the customer cannot hold this credit on an account: a gift card instead.
var creditFallbackCodes = map[string]bool{"UNSUPPORTED_CURRENCY": true, "MISMATCHING_CURRENCY": true, "OWNER_NOT_FOUND": true, "ACCOUNT_NOT_FOUND": true}

type codedUserError struct {
	Field   []string `json:"field"`
	Message string   `json:"message"`
	Code    string   `json:"code"`
}

func codedText(ue []codedUserError) string {
	plain := make([]userError, len(ue))
	for i, e := range ue {
		plain[i] = userError{Field: e.Field, Message: e.Message}
	}
	return userErrorText(plain)
}

var _ agent.StoreCreditIssuer = (*Admin)(nil)

// IssueStoreCredit credits r.Amount to the customer's store credit
// account, or issues a gift card where that is unavailable.
func (a *Admin) IssueStoreCredit(ctx context.Context, r agent.StoreCreditRequest) (agent.StoreCreditResult, error) {
	if err := a.checkShop(r.Shop); err != nil {
		return agent.StoreCreditResult{}, fmt.Errorf("store credit on order %s: %w", r.OrderID, err)
	}
	if r.Amount <= 0 || len(r.Currency) != 3 {
		return agent.StoreCreditResult{}, fmt.Errorf("store credit on order %s: %w: amount %d %q", r.OrderID, agent.ErrCommerceRejected, r.Amount, r.Currency)
	}
	amount := map[string]any{"amount": amounts.Decimal(int64(r.Amount), r.Currency), "currencyCode": r.Currency}
	if r.CustomerID == "" {
		return a.giftCard(ctx, r, amount)
	}
	vars := map[string]any{"id": customerGID(r.CustomerID), "creditInput": map[string]any{"creditAmount": amount, "notify": true}}
	var out struct {
		StoreCreditAccountCredit struct {
			Transaction *struct {
				Account struct {
					ID string `json:"id"`
				} `json:"account"`
			} `json:"storeCreditAccountTransaction"`
			UserErrors []codedUserError `json:"userErrors"`
		} `json:"storeCreditAccountCredit"`
	}
	if err := a.do(ctx, storeCreditMutation, vars, &out); err != nil {
		return agent.StoreCreditResult{}, fmt.Errorf("store credit on order %s: %w", r.OrderID, err)
	}
	if ue := out.StoreCreditAccountCredit.UserErrors; len(ue) > 0 {
		for _, e := range ue {
			if creditFallbackCodes[e.Code] {
				return a.giftCard(ctx, r, amount)
			}
		}
		return agent.StoreCreditResult{}, fmt.Errorf("store credit on order %s: %w: %s", r.OrderID, agent.ErrCommerceRejected, codedText(ue))
	}
	tx := out.StoreCreditAccountCredit.Transaction
	if tx == nil {
		return agent.StoreCreditResult{}, fmt.Errorf("store credit on order %s: no transaction in the response", r.OrderID)
	}
	return agent.StoreCreditResult{Kind: agent.CreditAccount, ID: idFromGID(tx.Account.ID)}, nil
}

func (a *Admin) giftCard(ctx context.Context, r agent.StoreCreditRequest, amount map[string]any) (agent.StoreCreditResult, error) {
	in := map[string]any{"initialAmount": amount, "note": truncate(r.Note, 255)}
	if r.CustomerID != "" {
		in["customerId"] = customerGID(r.CustomerID)
	}
	var out struct {
		GiftCardCreate struct {
			GiftCard *struct {
				ID string `json:"id"`
			} `json:"giftCard"`
			Code       string           `json:"giftCardCode"`
			UserErrors []codedUserError `json:"userErrors"`
		} `json:"giftCardCreate"`
	}
	if err := a.do(ctx, giftCardCreateMutation, map[string]any{"input": in}, &out); err != nil {
		return agent.StoreCreditResult{}, fmt.Errorf("gift card for order %s: %w", r.OrderID, err)
	}
	if ue := out.GiftCardCreate.UserErrors; len(ue) > 0 {
		return agent.StoreCreditResult{}, fmt.Errorf("gift card for order %s: %w: %s", r.OrderID, agent.ErrCommerceRejected, codedText(ue))
	}
	if out.GiftCardCreate.GiftCard == nil || out.GiftCardCreate.Code == "" {
		return agent.StoreCreditResult{}, fmt.Errorf("gift card for order %s: no gift card in the response", r.OrderID)
	}
	return agent.StoreCreditResult{Kind: agent.CreditGiftCard, ID: idFromGID(out.GiftCardCreate.GiftCard.ID), Code: out.GiftCardCreate.Code}, nil
}

// IssueStoreCredit routes to the shop's client.
func (a Admins) IssueStoreCredit(ctx context.Context, r agent.StoreCreditRequest) (agent.StoreCreditResult, error) {
	c, err := a.get(r.Shop)
	if err != nil {
		return agent.StoreCreditResult{}, err
	}
	return c.IssueStoreCredit(ctx, r)
}
