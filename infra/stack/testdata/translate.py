"""Translate template.yaml into plain CloudFormation with the SAM translator.

Usage: python3 translate.py TEMPLATE PARAMS_JSON > translated.json

The SAM translator comes with cfn-lint (package aws-sam-translator). What
`sam build` / `sam package` would do first is done here: each function's
CodeUri (a local folder, built by the Makefile) becomes a placeholder S3 URI,
and each state machine's DefinitionUri (a local file) is inlined as its
Definition, keeping DefinitionSubstitutions. Managed policy names are
resolved offline by a stub loader (policy ARNs are never fetched).
"""

import json
import os
import sys

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError as e:  # pragma: no cover - reported to the Go harness
    sys.stderr.write(
        "samtranslator is missing (%s): it comes with cfn-lint; run `make tools` "
        "or pip install 'cfn-lint==1.51.0'\n" % e
    )
    sys.exit(3)


class StubManagedPolicyLoader:
    """Answers the translator's managed-policy lookups without AWS."""

    def load(self):
        return {}


def main(template_path, params_path):
    with open(template_path) as f:
        template = yaml_parse(f.read())
    with open(params_path) as f:
        params = json.load(f)
    base = os.path.dirname(os.path.abspath(template_path))
    for lid, res in template.get("Resources", {}).items():
        props = res.get("Properties", {})
        if res.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            props["CodeUri"] = "s3://stack-test-artifacts/" + lid
        if res.get("Type") == "AWS::Serverless::StateMachine" and isinstance(props.get("DefinitionUri"), str):
            with open(os.path.join(base, props.pop("DefinitionUri"))) as f:
                props["Definition"] = json.load(f)
    # The translator asks boto for the region (the AWS::Region pseudo parameter).
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "us-east-1"))
    out = transform(template, params, StubManagedPolicyLoader())
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
