package shopify

import (
	"fmt"
	"strings"
)

// Shopify's mandatory privacy (GDPR) webhook topics.
const (
	TopicCustomersDataRequest = "customers/data_request"
	TopicCustomersRedact      = "customers/redact"
	TopicShopRedact           = "shop/redact"
)

// IsPrivacyTopic reports whether topic is one of the privacy topics.
func IsPrivacyTopic(topic string) bool {
	return topic == TopicCustomersDataRequest || topic == TopicCustomersRedact || topic == TopicShopRedact
}

// PrivacyRequest is a privacy webhook's body, normalised.
type PrivacyRequest struct {
	Topic      string
	ShopDomain string
	Email      string   // the customer's, for the customer topics
	CustomerID string   // the customer's, for the customer topics
	OrderIDs   []string // orders_requested or orders_to_redact
	RequestID  string   // data_request.id
}

// ParsePrivacy decodes a privacy webhook body.
func ParsePrivacy(topic string, body []byte) (PrivacyRequest, error) {
	var p struct {
		ShopDomain string `json:"shop_domain"`
		Customer   *struct {
			ID    id     `json:"id"`
			Email string `json:"email"`
		} `json:"customer"`
		OrdersRequested []id `json:"orders_requested"`
		OrdersToRedact  []id `json:"orders_to_redact"`
		DataRequest     *struct {
			ID id `json:"id"`
		} `json:"data_request"`
	}
	if err := decode(body, &p); err != nil {
		return PrivacyRequest{}, &PayloadError{Topic: topic, Reason: err.Error()}
	}
	r := PrivacyRequest{Topic: topic, ShopDomain: strings.ToLower(p.ShopDomain)}
	if topic == TopicShopRedact {
		return r, nil
	}
	if p.Customer == nil || (strings.TrimSpace(p.Customer.Email) == "" && p.Customer.ID == "") {
		return PrivacyRequest{}, &PayloadError{Topic: topic, Reason: `missing "customer" with an email or id`}
	}
	r.Email, r.CustomerID = strings.TrimSpace(p.Customer.Email), string(p.Customer.ID)
	for _, o := range append(p.OrdersRequested, p.OrdersToRedact...) {
		if o != "" {
			r.OrderIDs = append(r.OrderIDs, string(o))
		}
	}
	if p.DataRequest != nil {
		r.RequestID = string(p.DataRequest.ID)
	}
	if topic == TopicCustomersDataRequest && r.RequestID == "" {
		r.RequestID = fmt.Sprintf("customer-%s", r.CustomerID)
	}
	return r, nil
}
