package shopify

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePrivacy(t *testing.T) {
	got, err := ParsePrivacy(TopicCustomersRedact, []byte(`{"shop_domain":"A.myshopify.com","customer":{"id":7,"email":"ada@example.com"},"orders_to_redact":[1,"2"]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := PrivacyRequest{Topic: TopicCustomersRedact, ShopDomain: "a.myshopify.com", Email: "ada@example.com", CustomerID: "7", OrderIDs: []string{"1", "2"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for _, body := range []string{`{}`, `{"customer":{}}`, `[]`, `{"customer":{"id":"x"}}`} {
		var pe *PayloadError
		if _, err := ParsePrivacy(TopicCustomersRedact, []byte(body)); !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want a PayloadError", body, err)
		}
	}
	if _, err := ParsePrivacy(TopicShopRedact, []byte(`{"shop_domain":"a.myshopify.com"}`)); err != nil {
		t.Errorf("shop redact: %v", err)
	}
}

func FuzzParsePrivacy(f *testing.F) {
	f.Add(TopicCustomersDataRequest, []byte(`{"customer":{"id":1,"email":"a@b.c"},"orders_requested":[1],"data_request":{"id":2}}`))
	f.Add(TopicShopRedact, []byte(`{"shop_domain":"x"}`))
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		r, err := ParsePrivacy(topic, body)
		if err == nil && topic != TopicShopRedact && r.Email == "" && r.CustomerID == "" {
			t.Errorf("a customer request without a customer: %+v", r)
		}
	})
}
