// Command echo is a Lambda function for lambdart's tests: it returns its
// event, fails on {"fail":true}, exits on {"exit":true}, never answers
// {"hang":true} and reports its environment variable NAME.
package main

import (
	"context"
	"errors"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

type event struct {
	Fail bool   `json:"fail"`
	Exit bool   `json:"exit"`
	Hang bool   `json:"hang"`
	Say  string `json:"say"`
}

type reply struct {
	Say  string `json:"say"`
	Name string `json:"name"`
}

func main() {
	lambda.Start(func(_ context.Context, e event) (reply, error) {
		if e.Exit {
			os.Exit(3)
		}
		if e.Hang {
			select {}
		}
		if e.Fail {
			return reply{}, errors.New("asked to fail")
		}
		return reply{Say: e.Say, Name: os.Getenv("NAME")}, nil
	})
}
