// Command emptylambda is a Go Lambda that does nothing: doorstep bench
// -lambdas times its init as the floor under every function's (the Go
// runtime, the Lambda runtime client, and this machine).
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context) error { return nil })
}
