package shopify

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

// TestMain runs the package's tests, whose fake Admin servers validate
// every request against Shopify's Admin API schema of DefaultAPIVersion
// (shopifytest.Handler), and then checks that every GraphQL operation this
// package declares was among them: a new query or mutation needs a test
// that sends it, and is then validated with the variables the code sends.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && !filtered() {
		missing, err := shopifytest.Unvalidated(".")
		switch {
		case err != nil:
			fmt.Fprintf(os.Stderr, "FAIL: list the GraphQL operations: %v\n", err)
			code = 1
		case len(missing) > 0:
			fmt.Fprintf(os.Stderr, "FAIL: no test sent these GraphQL operations through a shopifytest.Handler fake, so they were not validated against the Admin API %s schema: %v\n", DefaultAPIVersion, missing)
			code = 1
		}
	}
	os.Exit(code)
}

// filtered reports whether only some tests ran (-run, -skip, -fuzz), when
// not every operation is expected to have been sent.
func filtered() bool {
	for _, name := range []string{"test.run", "test.skip", "test.fuzz"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return true
		}
	}
	return false
}

// The operations the package declares, found by the same scan TestMain
// relies on (so a renamed or unnamed document cannot slip past it).
func TestDeclaredOperations(t *testing.T) {
	docs, err := shopifytest.Documents(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"DoorstepReturnable", "DoorstepReturnRequest", "DoorstepOrderShippingAddress",
		"DoorstepWebhooks", "DoorstepWebhookCreate", "DoorstepScopes", "DoorstepRefundable", "DoorstepRefund", "DoorstepReplacement",
		"DoorstepOrderCancel", "DoorstepStoreCredit", "DoorstepGiftCard", "DoorstepVariants", "DoorstepExchange", "DoorstepDiscountCode"} {
		if _, ok := docs[name]; !ok {
			t.Errorf("operation %s not found among %d declared", name, len(docs))
		}
	}
}
